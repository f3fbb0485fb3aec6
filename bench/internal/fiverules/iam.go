package fiverules

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

func newIAMInlinePolicyNoAdmin() *pack.Policy {
	return &pack.Policy{
		Name:             PolicyIAMInlinePolicyNoAdmin,
		Description:      "IAM inline policies must not allow every action on every resource.",
		Rationale:        "A statement that allows \"*\" on \"*\" grants full administrator access to the account.",
		RemediationSteps: "List the actions and resources that the role, user or group needs.",
		Severity:         pack.SeverityCritical,
		ResourceTypes:    []string{typeIAMRolePolicy, typeIAMUserPolicy, typeIAMGroupPolicy, typeIAMRole},
		ValidateResource: validateIAMInlinePolicyNoAdmin,
	}
}

func validateIAMInlinePolicyNoAdmin(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	if check.Resource.Type != typeIAMRole {
		document := props.Get("policy")
		if check.Known("policy", document) {
			text, _ := stringValue(document)
			checkPolicyDocument(check, "policy", text)
		}
		return nil
	}

	inline := props.Get("inlinePolicies")
	if !check.Known("inlinePolicies", inline) {
		return nil
	}
	for i, entry := range arrayValue(inline) {
		object, ok := mapValue(entry)
		if !ok {
			continue
		}
		path := fmt.Sprintf("inlinePolicies[%d].policy", i)
		document := object.Get("policy")
		if check.Known(path, document) {
			text, _ := stringValue(document)
			checkPolicyDocument(check, path, text)
		}
	}
	return nil
}

// checkPolicyDocument reports each statement of the JSON policy document that allows action "*" on
// resource "*". Statement, Action and Resource may each be one value or a list. Keys are matched
// case-sensitively, as the Node.js twin matches them. A document that is not valid JSON is left to
// AWS, which rejects it.
func checkPolicyDocument(check *pack.ResourceCheck, path, document string) {
	var parsed any
	if err := json.Unmarshal([]byte(document), &parsed); err != nil {
		return
	}
	object, ok := parsed.(map[string]any)
	if !ok {
		return
	}
	for i, element := range oneOrMany(object["Statement"]) {
		statement, ok := element.(map[string]any)
		if !ok || statement["Effect"] != "Allow" {
			continue
		}
		if containsWildcard(statement["Action"]) && containsWildcard(statement["Resource"]) {
			check.Report("%s Statement[%d] allows Action \"*\" on Resource \"*\", expected named actions and resources.",
				path, i)
		}
	}
}

// oneOrMany returns a JSON list as it is and any other value as a list of one.
func oneOrMany(value any) []any {
	if list, ok := value.([]any); ok {
		return list
	}
	return []any{value}
}

// containsWildcard reports whether a JSON string or list of strings is or contains "*".
func containsWildcard(value any) bool {
	return slices.Contains(oneOrMany(value), any("*"))
}
