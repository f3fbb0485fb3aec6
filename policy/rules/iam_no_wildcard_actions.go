package rules

import (
	"context"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyIAMNoWildcardActions is the name of the policy that recommends named IAM actions over
// service-wide wildcards.
const PolicyIAMNoWildcardActions = "iam-no-wildcard-actions"

// newIAMNoWildcardActions returns the policy that checks IAM policies for wildcard actions.
//
// An action such as "s3:*" grants every current and future action of the service, including
// deletion and permission changes, where the principal usually needs a few reads and writes. The
// policy reports "*" and "*:*" too when they apply to limited resources. Statements that
// iam-no-admin-policy reports are skipped, so one statement never gets both reports.
func newIAMNoWildcardActions() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyIAMNoWildcardActions, policyx.ResourceValidationPolicyArgs{
		Description:      "IAM policies should allow named actions instead of service-wide wildcards such as \"s3:*\".",
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateResource: validateIAMNoWildcardActions,
	})
}

func validateIAMNoWildcardActions(_ context.Context, args policyx.ResourceValidationArgs) error {
	policy, ok := iamPolicyArgument(args)
	if !ok {
		return nil
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		// iam-no-admin-policy reports the invalid document.
		return nil
	}

	for i, statement := range document.Statement {
		if statement.Effect != effectAllow || isAdminStatement(statement) {
			continue
		}

		var wildcards []string
		for _, action := range statement.Action {
			if isServiceWideAction(action) {
				wildcards = append(wildcards, action)
			}
		}
		if len(wildcards) > 0 {
			reportViolation(args, "%s Action contains %s, expected the individual actions that the principal "+
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
