package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyWAFv2WebACLRateBasedRule is the name of the policy that requires a rate-based rule in every
// web ACL.
const PolicyWAFv2WebACLRateBasedRule = "wafv2-web-acl-rate-based-rule"

// newWAFv2WebACLRateBasedRule returns the policy that checks a web ACL's top-level rules for a
// rateBasedStatement. Every web ACL of the platform protects a public endpoint, so the policy checks
// both scopes.
func newWAFv2WebACLRateBasedRule() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyWAFv2WebACLRateBasedRule,
		Description: "Web ACLs should have a rate-based rule that blocks clients sending too many requests.",
		Rationale: "Without a rate limit per client, one address can brute-force sign-ins, scrape the API or " +
			"drive the functions behind it to their concurrency limit. API Gateway throttling limits the stage as " +
			"a whole, so one client still crowds out the others.",
		RemediationSteps: "Add a rule with a rateBasedStatement (limit per evaluation window, aggregateKeyType " +
			"\"IP\" or \"FORWARDED_IP\") and action block.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "wafv2", "network", "availability"},
		Framework:        pciControl("6.6", "Protect public-facing web applications against known attacks"),
		Waivable:         true,
		ResourceTypes:    []string{typeWAFv2WebACL},
		ValidateResource: validateWAFv2WebACLRateBasedRule,
	}
}

func validateWAFv2WebACLRateBasedRule(_ context.Context, check *pack.ResourceCheck) error {
	statements, ok := readWebACLStatements(check)
	if !ok {
		return nil
	}
	if !statements.rateBased {
		check.Report("rules and ruleJson contain no rule with a rateBasedStatement, expected a rate-based rule " +
			"that blocks clients over a request limit.")
	}
	return nil
}
