package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySecurityHubStandardsSubscribed is the name of the stack policy that requires Security Hub to
// run at least one security standard.
const PolicySecurityHubStandardsSubscribed = "securityhub-standards-subscribed"

// newSecurityHubStandardsSubscribed returns the stack policy that requires, for each Security Hub
// Account of the stack, either enableDefaultStandards (which defaults to true) or a
// StandardsSubscription in the same stack. A StandardsSubscription names no account, so the policy
// matches them by stack.
func newSecurityHubStandardsSubscribed() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySecurityHubStandardsSubscribed,
		Description: "Security Hub should be subscribed to at least one security standard.",
		Rationale: "Security Hub without a standard only collects findings from other services. The standards, such " +
			"as AWS Foundational Security Best Practices and the CIS AWS Foundations Benchmark, run the " +
			"configuration checks that show drift in the account.",
		RemediationSteps: "Add a StandardsSubscription for AWS Foundational Security Best Practices and the CIS AWS " +
			"Foundations Benchmark, or leave enableDefaultStandards on the Account at true.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "securityhub", "monitoring", tagHIPAA + "164.308(a)(8)", tagPCI + "11.5"},
		Framework:        hipaaControl("164.308(a)(8)", "Evaluation"),
		Waivable:         true,
		ResourceTypes:    []string{typeSecurityHubAccount, typeSecurityHubStandardsSubscription},
		ValidateStack:    validateSecurityHubStandardsSubscribed,
	}
}

func validateSecurityHubStandardsSubscribed(_ context.Context, check *pack.StackCheck) error {
	if len(check.OfType(typeSecurityHubStandardsSubscription)) > 0 {
		return nil
	}
	for _, account := range check.OfType(typeSecurityHubAccount) {
		defaults := account.Properties.Get("enableDefaultStandards")
		if !check.Known(account, "enableDefaultStandards", defaults) {
			continue
		}
		if enabled, set := boolValue(defaults); !set || enabled {
			continue
		}
		check.Report(account, "enableDefaultStandards is false and the stack has no %s, expected at least one standard "+
			"subscribed.", typeSecurityHubStandardsSubscription)
	}
	return nil
}
