package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMNoAdminPolicy is the name of the policy that rejects IAM policies granting full access.
const PolicyIAMNoAdminPolicy = "iam-no-admin-policy"

// iamPolicyTypes are the resource types whose policy argument is an IAM identity policy document.
var iamPolicyTypes = []string{typeIAMPolicy, typeIAMRolePolicy, typeIAMUserPolicy, typeIAMGroupPolicy}

// newIAMNoAdminPolicy returns the policy that guards IAM policies against administrator access. An
// Allow statement with NotAction is reported too, whatever its resources, because it grants every
// action that the list does not name, including actions that AWS adds later.
func newIAMNoAdminPolicy() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMNoAdminPolicy,
		Description: "IAM policies must not allow every action on every resource, or use NotAction with Allow.",
		Rationale: "A statement that allows every action on every resource makes its principal an administrator, " +
			"so a leaked Lambda credential would give away the whole account.",
		RemediationSteps: "Replace the statement with one that lists the actions the principal calls and the ARNs " +
			"of the resources it needs, and replace NotAction with an Action list.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags:             []string{"aws", "iam", "least-privilege", tagHIPAA + "164.308(a)(4)(ii)(B)", tagPCI + "7.1.2"},
		Framework:        hipaaControl("164.308(a)(4)(ii)(B)", "Access authorization"),
		ResourceTypes:    iamPolicyTypes,
		ValidateResource: validateIAMNoAdminPolicy,
	}
}

func validateIAMNoAdminPolicy(_ context.Context, check *pack.ResourceCheck) error {
	policy, ok := iamPolicyArgument(check)
	if !ok {
		return nil
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		check.Report("policy is not a valid policy document (%s), expected JSON with a Statement list.",
			describeDocumentError(policy, err))
		return nil
	}

	for i, statement := range document.Statement {
		if statement.Effect != effectAllow {
			continue
		}

		switch {
		case len(statement.NotAction) > 0:
			check.Report("%s allows every action except NotAction %s, expected an Action list "+
				"that names the allowed actions.", statementPath("policy", i), document.quote(statement.NotAction))
		case allowsEveryActionOnEveryResource(statement):
			check.Report("%s allows Action %s on %s, expected actions and resources limited to what "+
				"the principal needs.", statementPath("policy", i), document.quote(statement.Action),
				describeStatementResources(document, statement))
		}
	}
	return nil
}

// iamPolicyArgument returns the policy argument of an IAM policy resource. ok is false for a document
// with unknown parts, such as ARNs of resources that a preview has not created; check records it.
func iamPolicyArgument(check *pack.ResourceCheck) (policy property.Value, ok bool) {
	policy = check.Resource.Properties.Get("policy")
	if !check.FullyKnown("policy", policy) {
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

// grantStatements returns the document and the Allow statements of the policy document that check's resource carries,
// except those that grant every action on every resource, which iam-no-admin-policy reports. The map's
// keys are the statements' positions in the document. A resource without a document, or with one that
// does not parse (iam-no-admin-policy reports it), has none.
func grantStatements(check *pack.ResourceCheck) (policyDocument, map[int]policyStatement) {
	policy, ok := iamPolicyArgument(check)
	if !ok {
		return policyDocument{}, nil
	}
	document, err := parsePolicyDocument(policy)
	if err != nil {
		return policyDocument{}, nil
	}
	grants := map[int]policyStatement{}
	for i, statement := range document.Statement {
		if statement.Effect == effectAllow && !isAdminStatement(statement) {
			grants[i] = statement
		}
	}
	return document, grants
}
