package rules

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMNoWildcardActions is the name of the policy that requires named IAM actions instead of
// service-wide wildcards.
const PolicyIAMNoWildcardActions = "iam-no-wildcard-actions"

// newIAMNoWildcardActions returns the policy that checks IAM policies for wildcard actions. It
// reports "*" and "*:*" too when they apply to limited resources. Statements that
// iam-no-admin-policy reports are skipped, so one statement never gets both reports.
//
// NOTE: An exception in the pack config cannot name one action. It waives the policy for the whole
// resource, including wildcards that are added to the resource's document later.
func newIAMNoWildcardActions() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMNoWildcardActions,
		Description: "IAM policies must allow named actions instead of service-wide wildcards such as \"s3:*\".",
		Rationale: "An action such as \"s3:*\" grants every current and future action of the service, including " +
			"deletion and permission changes, where the principal usually needs a few reads and writes.",
		RemediationSteps: "List the individual actions the principal calls, such as \"s3:GetObject\" and " +
			"\"s3:PutObject\", instead of the service-wide wildcard.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "iam", "least-privilege"},
			withPrefix(tagHIPAA, "164.308(a)(3)(i)", "164.308(a)(3)(ii)(A)", "164.308(a)(3)(ii)(B)",
				"164.308(a)(4)(i)", "164.308(a)(4)(ii)(A)", "164.308(a)(4)(ii)(B)", "164.308(a)(4)(ii)(C)",
				"164.312(a)(1)"),
			withPrefix(tagPCI, "7.1.2", "7.1.3", "7.2.1", "7.2.2"),
			withPrefix(tagCheckov, "CKV_AWS_63", "CKV_AWS_49"),
			withPrefix(tagCDKNag, "IAMPolicyNoStatementsWithFullAccess"),
		),
		Framework:        pciControl("7.1.2", "Restrict access privileges to the least privileges necessary"),
		Waivable:         true,
		ResourceTypes:    iamPolicyTypes,
		ValidateResource: validateIAMNoWildcardActions,
	}
}

func validateIAMNoWildcardActions(_ context.Context, check *pack.ResourceCheck) error {
	document, grants := grantStatements(check)
	for _, i := range slices.Sorted(maps.Keys(grants)) {
		statement := grants[i]

		var wildcards []string
		for _, action := range statement.Action {
			if isServiceWideAction(action) {
				wildcards = append(wildcards, action)
			}
		}
		if len(wildcards) > 0 {
			check.Report("%s Action contains %s, expected the individual actions that the principal "+
				"calls, such as \"s3:GetObject\".", statementPath("policy", i), document.quote(wildcards))
		}
	}
	return nil
}

// isServiceWideAction reports whether action grants every action of a service ("s3:*") or of all
// services ("*", "*:*").
func isServiceWideAction(action string) bool {
	if action == "*" {
		return true
	}
	service, name, found := strings.Cut(action, ":")
	return found && name == "*" && service != ""
}
