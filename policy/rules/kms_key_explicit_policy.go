package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyKMSKeyExplicitPolicy is the name of the policy that recommends an explicit key policy on
// every KMS key.
const PolicyKMSKeyExplicitPolicy = "kms-key-explicit-policy"

// newKMSKeyExplicitPolicy returns the policy that checks that a key sets its policy. A key may also
// get its policy from a separate KeyPolicy resource, so the policy is waivable for such keys.
func newKMSKeyExplicitPolicy() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyKMSKeyExplicitPolicy,
		Description: "KMS keys should state their key policy instead of taking the default one.",
		Rationale: "Without a policy argument, KMS applies its default key policy, which lets every IAM principal " +
			"of the account with kms:* permissions use and administer the key. A written policy shows who may do " +
			"what, and kms-key-policy-no-public-principal can check it.",
		RemediationSteps: "Set the key's policy argument to a key policy that names the administrators and the " +
			"principals that may use the key, or manage it with a KeyPolicy resource and waive this policy for the key.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags: slices.Concat(
			[]string{"aws", "kms", "access-control", tagHIPAA + "164.312(a)(1)", tagPCI + "3.5.2"},
			withPrefix(tagCheckov, "CKV2_AWS_64"),
		),
		Framework:        pciControl("3.5.2", "Restrict access to cryptographic keys to the fewest number of custodians necessary"),
		Waivable:         true,
		ResourceTypes:    []string{typeKMSKey},
		ValidateResource: validateKMSKeyExplicitPolicy,
	}
}

func validateKMSKeyExplicitPolicy(_ context.Context, check *pack.ResourceCheck) error {
	policy := check.Resource.Properties.Get("policy")
	if !check.Known("policy", policy) {
		return nil
	}
	if value, _ := stringValue(policy); value == "" {
		check.Report("policy is %s, expected a key policy document.", describeValue(policy))
	}
	return nil
}
