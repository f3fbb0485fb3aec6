package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyKMSKeyPolicyNoPublicPrincipal is the name of the policy that rejects key policies that allow
// everyone.
const PolicyKMSKeyPolicyNoPublicPrincipal = "kms-key-policy-no-public-principal"

// kmsCallerConditionKeys are the condition keys that limit a key policy statement for Principal "*":
// the global caller keys and kms:CallerAccount, which AWS managed keys use with kms:ViaService.
var kmsCallerConditionKeys = append(slices.Clone(callerConditionKeys), "kms:CallerAccount")

// kmsCallerExamples are the keys that messages suggest for limiting a key policy statement.
var kmsCallerExamples = []string{"kms:CallerAccount", "aws:PrincipalOrgID", "aws:SourceArn", "aws:SourceAccount"}

// newKMSKeyPolicyNoPublicPrincipal returns the policy that guards key policies, on Key and on KeyPolicy,
// against Allow statements for Principal "*" (or NotPrincipal) without a condition that limits the
// callers.
func newKMSKeyPolicyNoPublicPrincipal() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyKMSKeyPolicyNoPublicPrincipal,
		Description: "KMS key policies must not allow Principal \"*\" unless a condition limits the callers.",
		Rationale: "A key policy statement for Principal \"*\" without a caller condition lets any AWS account " +
			"use or manage the key, and so decrypt every object, log and secret that the key protects.",
		RemediationSteps: "Name the principals in the statement, such as the account root or a role ARN, or add a " +
			"condition on kms:CallerAccount, aws:PrincipalOrgID, aws:SourceArn or aws:SourceAccount.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags: slices.Concat(
			[]string{"aws", "kms", "public-exposure", tagHIPAA + "164.312(a)(1)", tagPCI + "3.5.2"},
			withPrefix(tagCheckov, "CKV_AWS_33"),
		),
		Framework:        pciControl("3.5.2", "Restrict access to cryptographic keys to the fewest number of custodians necessary"),
		ResourceTypes:    []string{typeKMSKey, typeKMSKeyPolicy},
		ValidateResource: validateKMSKeyPolicyNoPublicPrincipal,
	}
}

func validateKMSKeyPolicyNoPublicPrincipal(_ context.Context, check *pack.ResourceCheck) error {
	policy := check.Resource.Properties.Get("policy")
	if policy.IsNull() || !check.FullyKnown("policy", policy) {
		return nil
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		check.Report("policy is not a valid policy document (%s), expected JSON with a Statement list.",
			describeDocumentError(policy, err))
		return nil
	}
	reportPublicStatements(check, "policy", document, kmsCallerConditionKeys, kmsCallerExamples)
	return nil
}
