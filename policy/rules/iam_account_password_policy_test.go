package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestIAMAccountPasswordPolicy(t *testing.T) {
	passwordPolicy := func(overrides map[string]property.Value) property.Map {
		fields := map[string]property.Value{
			"minimumPasswordLength":      property.New(14.0),
			"passwordReusePrevention":    property.New(24.0),
			"requireLowercaseCharacters": property.New(true),
			"requireUppercaseCharacters": property.New(true),
			"requireNumbers":             property.New(true),
			"requireSymbols":             property.New(true),
		}
		for key, value := range overrides {
			fields[key] = value
		}
		return propsOf(fields)
	}

	runPolicyCases(t, newIAMAccountPasswordPolicy(), []policyCase{
		{name: "cis settings", kind: caseCompliant, resourceType: typeIAMAccountPasswordPolicy, props: passwordPolicy(nil)},
		{name: "weak", kind: caseViolation, resourceType: typeIAMAccountPasswordPolicy,
			props: passwordPolicy(map[string]property.Value{
				"minimumPasswordLength": property.New(8.0), "passwordReusePrevention": property.Value{},
				"requireSymbols": property.New(false),
			}),
			want: []string{
				"minimumPasswordLength is 8, expected at least 14.",
				"passwordReusePrevention is not set, expected at least 24.",
				"requireSymbols is false, expected true.",
			}},
		{name: "access key", kind: caseOtherType, resourceType: typeIAMAccessKey, props: passwordPolicy(map[string]property.Value{
			"minimumPasswordLength": property.New(6.0),
		})},
		{name: "unknown", kind: caseUnknown, resourceType: typeIAMAccountPasswordPolicy,
			props:       passwordPolicy(map[string]property.Value{"minimumPasswordLength": unknownValue()}),
			wantUnknown: []string{"minimumPasswordLength"}},
	})
}
