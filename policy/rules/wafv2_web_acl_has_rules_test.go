package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestWAFv2WebACLHasRules(t *testing.T) {
	rule := func(name string, action, override property.Value) property.Value {
		fields := map[string]property.Value{"name": property.New(name), "priority": property.New(1.0)}
		if !action.IsNull() {
			fields["action"] = action
		}
		if !override.IsNull() {
			fields["overrideAction"] = override
		}
		return objectValue(fields)
	}
	block := objectValue(map[string]property.Value{"block": objectValue(nil)})
	none := objectValue(map[string]property.Value{"none": objectValue(nil)})
	acl := func(fields map[string]property.Value) property.Map {
		fields["scope"] = property.New("REGIONAL")
		return propsOf(fields)
	}

	runPolicyCases(t, newWAFv2WebACLHasRules(), []policyCase{
		{
			name:         "rate limit and managed rule group",
			kind:         caseCompliant,
			resourceType: typeWAFv2WebACL,
			props: acl(map[string]property.Value{"rules": listValue(
				rule("rate-limit", block, property.Value{}),
				rule("common-rules", property.Value{}, none),
			)}),
		},
		{
			name:         "rule json",
			kind:         caseCompliant,
			resourceType: typeWAFv2WebACL,
			props: acl(map[string]property.Value{
				"ruleJson": property.New(`[{"Name": "rate-limit", "Priority": 1, "Action": {"Block": {}}}]`),
			}),
		},
		{
			name:         "no rules",
			kind:         caseViolation,
			resourceType: typeWAFv2WebACL,
			props:        acl(map[string]property.Value{"rules": property.New([]property.Value{})}),
			want:         []string{`rules is a list of 0 elements and ruleJson is not set, expected at least one rule.`},
		},
		{
			name:         "rule without action",
			kind:         caseViolation,
			resourceType: typeWAFv2WebACL,
			props: acl(map[string]property.Value{"rules": listValue(
				rule("rate-limit", block, property.Value{}),
				rule("geo", property.Value{}, property.Value{}),
			)}),
			want: []string{`rules[1] has neither action nor overrideAction, expected one of them.`},
		},
		{
			name:         "rule json without action",
			kind:         caseViolation,
			resourceType: typeWAFv2WebACL,
			props: acl(map[string]property.Value{
				"ruleJson": property.New(`[{"Name": "geo", "Priority": 1}]`),
			}),
			want: []string{`ruleJson[0] has neither Action nor OverrideAction, expected one of them.`},
		},
		{
			name:         "invalid rule json",
			kind:         caseViolation,
			resourceType: typeWAFv2WebACL,
			props:        acl(map[string]property.Value{"ruleJson": property.New(`{"Name": "geo"}`)}),
			want: []string{`ruleJson is not a JSON list of rules (json: cannot unmarshal object into Go value of ` +
				`type []map[string]json.RawMessage), expected a list such as [{"Name": ..., "Action": ...}].`},
		},
		{
			name:         "association",
			kind:         caseOtherType,
			resourceType: typeWAFv2WebACLAssociation,
			props:        acl(map[string]property.Value{"rules": listValue()}),
		},
		{
			name:         "unknown rules",
			kind:         caseUnknown,
			resourceType: typeWAFv2WebACL,
			props:        acl(map[string]property.Value{"rules": unknownValue()}),
			wantUnknown:  []string{"rules"},
		},
		{
			name:         "unknown action",
			kind:         caseUnknown,
			resourceType: typeWAFv2WebACL,
			props:        acl(map[string]property.Value{"rules": listValue(rule("geo", unknownValue(), property.Value{}))}),
			wantUnknown:  []string{"rules[0].action"},
		},
	})
}
