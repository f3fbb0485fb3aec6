package rules

import (
	"encoding/json"

	"github.com/secureserverless/framework/policy/pack"
)

// webACLStatements lists the top-level rule statements of a web ACL that the WAF rules judge: the
// AWS managed rule groups it applies, by name, and whether a rate-based rule limits clients.
type webACLStatements struct {
	awsManagedGroups []string
	rateBased        bool
}

// awsManagedRuleVendor is the vendorName of the managed rule groups that AWS maintains.
const awsManagedRuleVendor = "AWS"

// readWebACLStatements reads the rules and ruleJson of a web ACL. ok is false when either is unknown,
// which it records, or when ruleJson is not valid JSON, which wafv2-web-acl-has-rules reports.
//
// NOTE: only top-level statements count. A managed rule group or rate-based statement nested in an
// and, or or not statement, or inside a customer rule group, is not seen.
func readWebACLStatements(check *pack.ResourceCheck) (statements webACLStatements, ok bool) {
	props := check.Resource.Properties
	rules := props.Get("rules")
	ruleJSON := props.Get("ruleJson")
	rulesKnown := check.Known("rules", rules)
	ruleJSONKnown := check.Known("ruleJson", ruleJSON)
	if !rulesKnown || !ruleJSONKnown {
		return statements, false
	}

	elements, _ := arrayValue(rules)
	for _, rule := range elements {
		statement := valueAt(rule, "statement")
		group := valueAt(statement, "managedRuleGroupStatement")
		if vendor, _ := stringValue(valueAt(group, "vendorName")); vendor == awsManagedRuleVendor {
			name, _ := stringValue(valueAt(group, "name"))
			statements.awsManagedGroups = append(statements.awsManagedGroups, name)
		}
		if !valueAt(statement, "rateBasedStatement").IsNull() {
			statements.rateBased = true
		}
	}

	text, _ := stringValue(ruleJSON)
	if text == "" {
		return statements, true
	}
	var jsonRules []struct {
		Statement struct {
			ManagedRuleGroupStatement *struct{ VendorName, Name string }
			RateBasedStatement        *json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(text), &jsonRules); err != nil {
		return statements, false
	}
	for _, rule := range jsonRules {
		if group := rule.Statement.ManagedRuleGroupStatement; group != nil && group.VendorName == awsManagedRuleVendor {
			statements.awsManagedGroups = append(statements.awsManagedGroups, group.Name)
		}
		if rule.Statement.RateBasedStatement != nil {
			statements.rateBased = true
		}
	}
	return statements, true
}
