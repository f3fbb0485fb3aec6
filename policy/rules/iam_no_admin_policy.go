package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyIAMNoAdminPolicy is the name of the policy that rejects IAM policies granting full access.
const PolicyIAMNoAdminPolicy = "iam-no-admin-policy"

// iamPolicyTypes are the resource types whose policy argument is an IAM identity policy document.
var iamPolicyTypes = map[string]bool{
	typeIAMPolicy:      true,
	typeIAMRolePolicy:  true,
	typeIAMUserPolicy:  true,
	typeIAMGroupPolicy: true,
}

// newIAMNoAdminPolicy returns the policy that guards IAM policies against administrator access.
//
// A statement that allows every action on every resource makes its principal an administrator, so a
// leaked Lambda credential would give away the whole account. An Allow statement with NotAction is
// reported too, whatever its resources, because it grants every action that the list does not name,
// including actions that AWS adds later.
func newIAMNoAdminPolicy() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyIAMNoAdminPolicy, policyx.ResourceValidationPolicyArgs{
		Description:      "IAM policies must not allow every action on every resource, or use NotAction with Allow.",
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		ValidateResource: validateIAMNoAdminPolicy,
	})
}

func validateIAMNoAdminPolicy(_ context.Context, args policyx.ResourceValidationArgs) error {
	policy, ok := iamPolicyArgument(args)
	if !ok {
		return nil
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		reportViolation(args, "policy is not a valid policy document (%s), expected JSON with a Statement list.",
			describeDocumentError(policy, err))
		return nil
	}

	for i, statement := range document.Statement {
		if statement.Effect != effectAllow {
			continue
		}

		switch {
		case len(statement.NotAction) > 0:
			reportViolation(args, "%s allows every action except NotAction %s, expected an Action list "+
				"that names the allowed actions.", statementPath("policy", i), document.quote(statement.NotAction))
		case allowsEveryActionOnEveryResource(statement):
			reportViolation(args, "%s allows Action %s on %s, expected actions and resources limited to what "+
				"the principal needs.", statementPath("policy", i), document.quote(statement.Action),
				describeStatementResources(document, statement))
		}
	}
	return nil
}

// iamPolicyArgument returns the policy argument of an IAM policy resource. ok is false for other
// resource types and for a document that is unknown during a preview.
func iamPolicyArgument(args policyx.ResourceValidationArgs) (policy property.Value, ok bool) {
	if !iamPolicyTypes[args.Resource.Type] {
		return property.Value{}, false
	}

	policy = args.Resource.Properties.Get("policy")
	// A document built from unknown ARNs is known at update time, when the engine validates the
	// resource again.
	if policy.HasComputed() {
		return property.Value{}, false
	}
	return policy, true
}

// isAdminStatement reports whether an Allow statement is one that iam-no-admin-policy reports.
func isAdminStatement(statement policyStatement) bool {
	return statement.Effect == effectAllow &&
		(len(statement.NotAction) > 0 || allowsEveryActionOnEveryResource(statement))
}

// allowsEveryActionOnEveryResource reports whether the statement's Action contains "*" or "*:*" and
// its resources are "*" or given as NotResource, which covers everything not listed.
func allowsEveryActionOnEveryResource(statement policyStatement) bool {
	everyAction := statement.Action.contains("*") || statement.Action.contains("*:*")
	everyResource := statement.Resource.contains("*") || len(statement.NotResource) > 0
	return everyAction && everyResource
}

// describeStatementResources names the resources of a statement for a violation message.
func describeStatementResources(document policyDocument, statement policyStatement) string {
	if len(statement.NotResource) > 0 {
		return "every resource except NotResource " + document.quote(statement.NotResource)
	}
	return "Resource " + document.quote(statement.Resource)
}
