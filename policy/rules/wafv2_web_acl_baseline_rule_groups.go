package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyWAFv2WebACLBaselineRuleGroups is the name of the policy that requires the baseline AWS managed
// rule groups in every web ACL.
const PolicyWAFv2WebACLBaselineRuleGroups = "wafv2-web-acl-baseline-rule-groups"

// ConfigRequiredRuleGroups is the configuration property of wafv2-web-acl-baseline-rule-groups that
// lists the AWS managed rule groups every web ACL must apply.
const ConfigRequiredRuleGroups = "requiredRuleGroups"

// DefaultRequiredRuleGroups are the AWS managed rule groups that AWS recommends as the baseline of
// every web ACL: the core rule set, known bad inputs and the Amazon IP reputation list.
var DefaultRequiredRuleGroups = []string{
	"AWSManagedRulesCommonRuleSet",
	"AWSManagedRulesKnownBadInputsRuleSet",
	"AWSManagedRulesAmazonIpReputationList",
}

// newWAFv2WebACLBaselineRuleGroups returns the policy that checks a web ACL's top-level rules for the
// required AWS managed rule groups.
func newWAFv2WebACLBaselineRuleGroups() *pack.Policy {
	return &pack.Policy{
		Name: PolicyWAFv2WebACLBaselineRuleGroups,
		Description: "Web ACLs should apply the baseline AWS managed rule groups: the core rule set, known bad " +
			"inputs and the Amazon IP reputation list.",
		Rationale: "The baseline groups block the OWASP Top 10 request patterns, request patterns of known " +
			"exploits such as Log4Shell, and addresses that Amazon threat intelligence has seen attacking. AWS " +
			"maintains them, so the web ACL follows new attacks without a change to the stack.",
		RemediationSteps: "Add a rule with a managedRuleGroupStatement (vendorName \"AWS\") for each missing group, " +
			"or set requiredRuleGroups to the groups the stack's web ACLs must apply.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "wafv2", "network", tagPCI + "6.6"},
		Framework:        pciControl("6.6", "Protect public-facing web applications against known attacks"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeWAFv2WebACL},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigRequiredRuleGroups: {
					"type":        "array",
					"items":       map[string]any{"type": "string"},
					"minItems":    1,
					"default":     DefaultRequiredRuleGroups,
					"description": "Names of the AWS managed rule groups that every web ACL must apply.",
				},
			},
		},
		ValidateResource: validateWAFv2WebACLBaselineRuleGroups,
	}
}

func validateWAFv2WebACLBaselineRuleGroups(_ context.Context, check *pack.ResourceCheck) error {
	required, err := stringListConfig(check.Config, PolicyWAFv2WebACLBaselineRuleGroups, ConfigRequiredRuleGroups,
		DefaultRequiredRuleGroups)
	if err != nil {
		return err
	}
	statements, ok := readWebACLStatements(check)
	if !ok {
		return nil
	}

	var missing []string
	for _, group := range required {
		if !slices.Contains(statements.awsManagedGroups, group) {
			missing = append(missing, group)
		}
	}
	if len(missing) > 0 {
		check.Report("rules apply no managed rule group %s of vendor AWS, expected each of %s.",
			strings.Join(missing, ", "), strings.Join(required, ", "))
	}
	return nil
}
