package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyKMSKeyNoLockoutBypass is the name of the policy that rejects skipping the key policy lockout
// safety check.
const PolicyKMSKeyNoLockoutBypass = "kms-key-no-lockout-bypass"

// newKMSKeyNoLockoutBypass returns the policy that guards keys and key policies against
// bypassPolicyLockoutSafetyCheck, which lets KMS accept a key policy that no principal of the account
// can change any more.
func newKMSKeyNoLockoutBypass() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyKMSKeyNoLockoutBypass,
		Description: "KMS keys and key policies must not bypass the policy lockout safety check.",
		Rationale: "The safety check rejects a key policy that would lock the account out of the key. Without it, " +
			"one wrong policy makes the key, and all data encrypted under it, unmanageable until AWS Support steps in.",
		RemediationSteps: "Remove bypassPolicyLockoutSafetyCheck or set it to false, and keep a statement that lets " +
			"the account administer the key.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "kms", "availability", tagHIPAA + "164.308(a)(7)(ii)(B)", tagPCI + "3.6"},
			withPrefix(tagComplianceReady, "kms-key-disallow-bypass-policy-lockout-safety-check"),
		),
		Framework:        pciControl("3.6", "Key-management processes and procedures for cryptographic keys"),
		Waivable:         true,
		ResourceTypes:    []string{typeKMSKey, typeKMSKeyPolicy},
		ValidateResource: validateKMSKeyNoLockoutBypass,
	}
}

func validateKMSKeyNoLockoutBypass(_ context.Context, check *pack.ResourceCheck) error {
	bypass := check.Resource.Properties.Get("bypassPolicyLockoutSafetyCheck")
	if !check.Known("bypassPolicyLockoutSafetyCheck", bypass) {
		return nil
	}

	if value, _ := boolValue(bypass); value {
		check.Report("bypassPolicyLockoutSafetyCheck is true, expected false.")
	}
	return nil
}
