package rules

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMRoleNoMixedPolicies is the name of the stack policy that rejects roles whose policies are
// managed both on the role and through separate resources.
const PolicyIAMRoleNoMixedPolicies = "iam-role-no-mixed-policies"

// Joins from a role to the resources that add inline policies to it and that attach managed policies.
var (
	rolePolicyJoin = siblingJoin{
		siblingTypes: []string{typeIAMRolePolicy},
		property:     "role",
		targetKeys:   []string{"name", "arn"},
	}
	roleAttachmentJoin = siblingJoin{
		siblingTypes: []string{typeIAMRolePolicyAttachment},
		property:     "role",
		targetKeys:   []string{"name", "arn"},
	}
	rolesAttachmentJoin = siblingJoin{
		siblingTypes: []string{typeIAMPolicyAttachment},
		property:     "roles",
		targetKeys:   []string{"name", "arn"},
	}
)

// newIAMRoleNoMixedPolicies returns the stack policy that guards roles against two owners of the same
// policies. When a Role sets inlinePolicies or managedPolicyArns, the provider makes the role's
// policies exactly that list, so it removes what RolePolicy, RolePolicyAttachment or PolicyAttachment
// resources add, and they add it back on the next update.
//
// The role's outputs list every inline and attached policy that the provider read, including those of
// the separate resources. So the policy reports a role only when its outputs name a policy that none
// of its separate resources manages, which the role's own arguments must have added. An output entry
// with an empty name and document, which the provider writes for a role without inline policies, is
// ignored.
func newIAMRoleNoMixedPolicies() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMRoleNoMixedPolicies,
		Description: "IAM roles must manage their inline and managed policies in one place: on the role or through separate resources.",
		Rationale: "A role whose inlinePolicies or managedPolicyArns is set owns its policies exclusively, so " +
			"each update removes the policies that separate resources add and the next one adds them back. The " +
			"role's permissions flip between updates, and a policy can disappear while a change is deployed.",
		RemediationSteps: "Move the role's policies to one place: either list them all in inlinePolicies and " +
			"managedPolicyArns, or remove both arguments and use RolePolicy and RolePolicyAttachment resources.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "iam", "drift", tagPCI + "7.1.2"},
			withPrefix(tagAWSGuard, "iam-role-no-policy-management-conflicts"),
		),
		Framework:     pciControl("7.1.2", "Restrict access privileges to the least privileges necessary"),
		Waivable:      true,
		ResourceTypes: []string{typeIAMRole},
		ValidateStack: validateIAMRoleNoMixedPolicies,
	}
}

func validateIAMRoleNoMixedPolicies(_ context.Context, check *pack.StackCheck) error {
	for _, role := range check.OfType(typeIAMRole) {
		checkMixedInlinePolicies(check, role)
		checkMixedManagedPolicies(check, role)
	}
	return nil
}

// checkMixedInlinePolicies reports a role whose inlinePolicies output names a policy that none of its
// RolePolicy resources manages, while it has such resources.
func checkMixedInlinePolicies(check *pack.StackCheck, role pack.Resource) {
	siblings := siblingsOf(check, role, rolePolicyJoin)
	if len(siblings) == 0 {
		return
	}
	managed, known := siblingStrings(check, siblings, "name")
	inline := role.Properties.Get("inlinePolicies")
	if !check.Known(role, "inlinePolicies", inline) || !known {
		return
	}

	var others []string
	elements, _ := arrayValue(inline)
	for i, element := range elements {
		name, document := valueAt(element, "name"), valueAt(element, "policy")
		if !check.Known(role, indexedPath("inlinePolicies", i)+".name", name) {
			continue
		}
		text, _ := stringValue(name)
		if text == "" && !isSetString(document) {
			continue
		}
		if !slices.Contains(managed, text) {
			others = append(others, text)
		}
	}
	if len(others) > 0 {
		check.Report(role, "inlinePolicies lists %s and %s %q adds another inline policy, expected the role's "+
			"inline policies in one place: inlinePolicies or RolePolicy resources.",
			quoteAll(others), siblings[0].Type, siblings[0].Name)
	}
}

// checkMixedManagedPolicies reports a role whose managedPolicyArns output names a policy that none of
// its attachment resources attaches, while it has such resources.
func checkMixedManagedPolicies(check *pack.StackCheck, role pack.Resource) {
	siblings := slices.Concat(siblingsOf(check, role, roleAttachmentJoin), siblingsOf(check, role, rolesAttachmentJoin))
	if len(siblings) == 0 {
		return
	}
	attached, known := siblingStrings(check, siblings, "policyArn")
	arns := role.Properties.Get("managedPolicyArns")
	if !check.Known(role, "managedPolicyArns", arns) || !known {
		return
	}

	var others []string
	elements, _ := arrayValue(arns)
	for i, element := range elements {
		if !check.Known(role, indexedPath("managedPolicyArns", i), element) {
			continue
		}
		if arn, ok := stringValue(element); ok && arn != "" && !slices.Contains(attached, arn) {
			others = append(others, arn)
		}
	}
	if len(others) > 0 {
		check.Report(role, "managedPolicyArns lists %s and %s %q attaches another policy, expected the role's "+
			"managed policies attached in one place: managedPolicyArns or attachment resources.",
			quoteAll(others), siblings[0].Type, siblings[0].Name)
	}
}

// siblingStrings returns the string values of property of each sibling. known is false when a value
// is unknown, which is then recorded.
func siblingStrings(check *pack.StackCheck, siblings []pack.Resource, property string) (values []string, known bool) {
	known = true
	for _, sibling := range siblings {
		value := sibling.Properties.Get(property)
		if !check.Known(sibling, property, value) {
			known = false
			continue
		}
		if text, ok := stringValue(value); ok {
			values = append(values, text)
		}
	}
	return values, known
}

// quoteAll formats values as a comma-separated list of quoted strings.
func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, value := range values {
		quoted[i] = strconv.Quote(value)
	}
	return strings.Join(quoted, ", ")
}
