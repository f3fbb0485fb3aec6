package rules

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyWAFv2WebACLHasRules is the name of the policy that rejects web ACLs without rules.
const PolicyWAFv2WebACLHasRules = "wafv2-web-acl-has-rules"

// newWAFv2WebACLHasRules returns the policy that guards web ACLs against being empty. A web ACL needs
// at least one rule in rules or ruleJson, and each rule needs an action (for its own statement) or an
// overrideAction (for a rule group).
func newWAFv2WebACLHasRules() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyWAFv2WebACLHasRules,
		Description: "WAFv2 web ACLs must have at least one rule, and each rule must have an action or override action.",
		Rationale: "A web ACL without rules applies only its default action, so it blocks nothing while it " +
			"looks like protection in every review and diagram.",
		RemediationSteps: "Add rules to the web ACL, such as the AWS managed rule groups " +
			"AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet with overrideAction none, " +
			"and a rate-based rule with action block.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "wafv2", "network", tagPCI + "6.6"},
			withPrefix(tagCheckov, "CKV_AWS_175", "CKV_AWS_342"),
		),
		Framework:        pciControl("6.6", "Protect public-facing web applications against known attacks"),
		Waivable:         true,
		ResourceTypes:    []string{typeWAFv2WebACL},
		ValidateResource: validateWAFv2WebACLHasRules,
	}
}

func validateWAFv2WebACLHasRules(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	rules := props.Get("rules")
	ruleJSON := props.Get("ruleJson")
	rulesKnown := check.Known("rules", rules)
	ruleJSONKnown := check.Known("ruleJson", ruleJSON)
	if !rulesKnown || !ruleJSONKnown {
		return nil
	}

	elements, _ := arrayValue(rules)
	for i, rule := range elements {
		checkWebACLRule(check, indexedPath("rules", i), rule)
	}

	text, _ := stringValue(ruleJSON)
	jsonRules, valid := 0, true
	if text != "" {
		jsonRules, valid = checkWebACLRuleJSON(check, ruleJSON, text)
	}

	if len(elements) == 0 && jsonRules == 0 && valid {
		check.Report("rules is %s and ruleJson is %s, expected at least one rule.",
			describeValue(rules), describeValue(ruleJSON))
	}
	return nil
}

// checkWebACLRule reports a rule, named path in messages, that has neither an action nor an override
// action.
func checkWebACLRule(check *pack.ResourceCheck, path string, rule property.Value) {
	action := valueAt(rule, "action")
	override := valueAt(rule, "overrideAction")
	actionKnown := check.Known(path+".action", action)
	overrideKnown := check.Known(path+".overrideAction", override)
	if !actionKnown || !overrideKnown {
		return
	}
	if action.IsNull() && override.IsNull() {
		check.Report("%s has neither action nor overrideAction, expected one of them.", path)
	}
}

// checkWebACLRuleJSON reports the rules of ruleJson, in the WAF API's JSON form, that have neither
// Action nor OverrideAction, and returns the number of rules. value is the ruleJson property. valid is
// false, and the problem reported, when the text is not a JSON list.
func checkWebACLRuleJSON(check *pack.ResourceCheck, value property.Value, text string) (count int, valid bool) {
	var rules []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &rules); err != nil {
		check.Report("ruleJson is not a JSON list of rules (%s), expected a list such as "+
			"[{\"Name\": ..., \"Action\": ...}].", describeDocumentError(value, err))
		return 0, false
	}
	for i, rule := range rules {
		if rule["Action"] == nil && rule["OverrideAction"] == nil {
			check.Report("%s has neither Action nor OverrideAction, expected one of them.", indexedPath("ruleJson", i))
		}
	}
	return len(rules), true
}
