package rules

import "testing"

func TestWAFv2WebACLRateBasedRule(t *testing.T) {
	common := managedGroupRule("AWS", "AWSManagedRulesCommonRuleSet")
	ruleJSON := `[{"Name":"rate","Statement":{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP"}}}]`

	runPolicyCases(t, newWAFv2WebACLRateBasedRule(), []policyCase{
		{name: "rate rule", kind: caseCompliant, resourceType: typeWAFv2WebACL, props: webACL("", common, rateLimitRule())},
		{name: "rate rule in json", kind: caseCompliant, resourceType: typeWAFv2WebACL, props: webACL(ruleJSON, common)},
		{name: "no rate rule", kind: caseViolation, resourceType: typeWAFv2WebACL, props: webACL("", common),
			want: []string{"rules and ruleJson contain no rule with a rateBasedStatement, expected a rate-based rule " +
				"that blocks clients over a request limit."}},
		{name: "association", kind: caseOtherType, resourceType: typeWAFv2WebACLAssociation, props: webACL("")},
		{name: "unknown rule json", kind: caseUnknown, resourceType: typeWAFv2WebACL,
			props: webACL("", common).Set("ruleJson", unknownValue()), wantUnknown: []string{"ruleJson"}},
	})
}
