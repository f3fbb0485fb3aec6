package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMNoAccessKeys is the name of the policy that recommends against IAM access keys.
const PolicyIAMNoAccessKeys = "iam-no-access-keys"

// newIAMNoAccessKeys returns the policy that reports every active IAM access key in the stack. An
// inactive key passes, because it cannot sign requests.
func newIAMNoAccessKeys() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyIAMNoAccessKeys,
		Description: "Stacks should not create active IAM access keys.",
		Rationale: "An access key is a long-lived credential: it does not expire, it ends up in the stack's state " +
			"and in the places it is copied to, and a leaked key works until someone deletes it. Roles give " +
			"short-lived credentials instead.",
		RemediationSteps: "Give the workload an IAM role (Lambda execution role, IRSA, OIDC federation for CI) " +
			"instead of an access key, or set status to \"Inactive\" and delete the key.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "iam", "secrets", tagHIPAA + "164.308(a)(4)(ii)(B)", tagPCI + "8.2.4"},
			withPrefix(tagAWSGuard, "access-keys-rotated"),
		),
		Framework:        pciControl("8.2.4", "Change user passwords and passphrases at least once every 90 days"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeIAMAccessKey},
		ValidateResource: validateIAMNoAccessKeys,
	}
}

func validateIAMNoAccessKeys(_ context.Context, check *pack.ResourceCheck) error {
	status := check.Resource.Properties.Get("status")
	if !check.Known("status", status) {
		return nil
	}
	if value, _ := stringValue(status); value != "Inactive" {
		check.Report("the stack creates an active IAM access key (status %s), expected an IAM role instead of "+
			"a long-lived key.", describeValue(status))
	}
	return nil
}
