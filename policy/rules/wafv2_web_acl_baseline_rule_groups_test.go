package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// webACLRule returns an element of a web ACL's rules property with statement as its only statement.
func webACLRule(name string, statement map[string]property.Value) property.Value {
	return objectValue(map[string]property.Value{
		"name": property.New(name), "priority": property.New(1.0), "statement": objectValue(statement),
	})
}

// managedGroupRule returns a web ACL rule that applies the managed rule group name of vendor.
func managedGroupRule(vendor, name string) property.Value {
	return webACLRule(name, map[string]property.Value{
		"managedRuleGroupStatement": objectValue(map[string]property.Value{
			"vendorName": property.New(vendor), "name": property.New(name),
		}),
	})
}

// rateLimitRule returns a web ACL rule with a rate-based statement.
func rateLimitRule() property.Value {
	return webACLRule("rate-limit", map[string]property.Value{
		"rateBasedStatement": objectValue(map[string]property.Value{
			"limit": property.New(1000.0), "aggregateKeyType": property.New("IP"),
		}),
	})
}

func webACL(ruleJSON string, rules ...property.Value) property.Map {
	fields := map[string]property.Value{"scope": property.New("REGIONAL"), "rules": listValue(rules...)}
	if ruleJSON != "" {
		fields["ruleJson"] = property.New(ruleJSON)
	}
	return propsOf(fields)
}

func TestWAFv2WebACLBaselineRuleGroups(t *testing.T) {
	baseline := []property.Value{
		managedGroupRule("AWS", "AWSManagedRulesCommonRuleSet"),
		managedGroupRule("AWS", "AWSManagedRulesKnownBadInputsRuleSet"),
		managedGroupRule("AWS", "AWSManagedRulesAmazonIpReputationList"),
		rateLimitRule(),
	}
	ruleJSON := `[{"Name":"ip","Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"AWSManagedRulesAmazonIpReputationList"}}}]`

	runPolicyCases(t, newWAFv2WebACLBaselineRuleGroups(), []policyCase{
		{name: "baseline groups", kind: caseCompliant, resourceType: typeWAFv2WebACL, props: webACL("", baseline...)},
		{name: "group in rule json", kind: caseCompliant, resourceType: typeWAFv2WebACL,
			props: webACL(ruleJSON, baseline[0], baseline[1])},
		{name: "configured groups", kind: caseCompliant, resourceType: typeWAFv2WebACL, props: webACL("", baseline[0]),
			config: map[string]any{ConfigRequiredRuleGroups: []any{"AWSManagedRulesCommonRuleSet"}}},
		{name: "missing groups", kind: caseViolation, resourceType: typeWAFv2WebACL,
			props: webACL("", baseline[0], managedGroupRule("Vendor", "AWSManagedRulesKnownBadInputsRuleSet"), rateLimitRule()),
			want: []string{"rules apply no managed rule group AWSManagedRulesKnownBadInputsRuleSet, " +
				"AWSManagedRulesAmazonIpReputationList of vendor AWS, expected each of AWSManagedRulesCommonRuleSet, " +
				"AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList."}},
		{name: "logging configuration", kind: caseOtherType, resourceType: typeWAFv2WebACLLoggingConfiguration, props: webACL("")},
		{name: "unknown rules", kind: caseUnknown, resourceType: typeWAFv2WebACL,
			props:       propsOf(map[string]property.Value{"scope": property.New("REGIONAL"), "rules": unknownValue()}),
			wantUnknown: []string{"rules"}},
	})
}
