package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCognitoUserPoolThreatProtection(t *testing.T) {
	pool := func(mode property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"userPoolTier":   property.New("PLUS"),
			"userPoolAddOns": objectValue(map[string]property.Value{"advancedSecurityMode": mode}),
		})
	}

	runPolicyCases(t, newCognitoUserPoolThreatProtection(), []policyCase{
		{name: "enforced", kind: caseCompliant, resourceType: typeCognitoUserPool, props: pool(property.New("ENFORCED"))},
		{name: "audit", kind: caseViolation, resourceType: typeCognitoUserPool, props: pool(property.New("AUDIT")),
			want: []string{`userPoolAddOns.advancedSecurityMode is "AUDIT", expected "ENFORCED".`}},
		{name: "not set", kind: caseViolation, resourceType: typeCognitoUserPool,
			props: propsOf(map[string]property.Value{"userPoolTier": property.New("ESSENTIALS")}),
			want:  []string{`userPoolAddOns.advancedSecurityMode is not set, expected "ENFORCED".`}},
		{name: "client", kind: caseOtherType, resourceType: typeCognitoUserPoolClient, props: pool(property.New("OFF"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeCognitoUserPool, props: pool(unknownValue()),
			wantUnknown: []string{"userPoolAddOns.advancedSecurityMode"}},
	})
}
