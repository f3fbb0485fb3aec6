package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySecretsManagerPolicyNoPublicPrincipal is the name of the policy that rejects secret resource
// policies that allow everyone.
const PolicySecretsManagerPolicyNoPublicPrincipal = "secretsmanager-policy-no-public-principal"

// newSecretsManagerPolicyNoPublicPrincipal returns the policy that guards the resource policies of
// secrets, on Secret and on SecretPolicy, against Allow statements for Principal "*" (or NotPrincipal)
// without a condition that limits the callers.
func newSecretsManagerPolicyNoPublicPrincipal() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySecretsManagerPolicyNoPublicPrincipal,
		Description: "Secrets Manager resource policies must not allow Principal \"*\" unless a condition limits the callers.",
		Rationale: "A secret's resource policy for Principal \"*\" without a caller condition lets principals of " +
			"any AWS account read the secret, and the secret is usually a database password or an API key.",
		RemediationSteps: "Name the roles that read the secret in the statement, or add a condition on " +
			"aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount or aws:SourceVpce, and set blockPublicPolicy to " +
			"true on the SecretPolicy.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags:             []string{"aws", "secretsmanager", "public-exposure", tagHIPAA + "164.312(a)(1)", tagPCI + "7.1.2"},
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		ResourceTypes:    []string{typeSecretsManagerSecret, typeSecretsManagerSecretPolicy},
		ValidateResource: validateSecretsManagerPolicyNoPublicPrincipal,
	}
}

func validateSecretsManagerPolicyNoPublicPrincipal(_ context.Context, check *pack.ResourceCheck) error {
	policy := check.Resource.Properties.Get("policy")
	if policy.IsNull() || !check.FullyKnown("policy", policy) {
		return nil
	}
	if text, ok := stringValue(policy); ok && text == "" {
		// An empty policy on a Secret removes the resource policy.
		return nil
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		check.Report("policy is not a valid policy document (%s), expected JSON with a Statement list.",
			describeDocumentError(policy, err))
		return nil
	}
	reportPublicStatements(check, "policy", document, callerConditionKeys, callerExamples)
	return nil
}
