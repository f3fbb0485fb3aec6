package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCognitoUserPoolMFA(t *testing.T) {
	pool := func(mfa, totp property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name":                          property.New("users"),
			"mfaConfiguration":              mfa,
			"softwareTokenMfaConfiguration": objectValue(map[string]property.Value{"enabled": totp}),
		})
	}

	runPolicyCases(t, newCognitoUserPoolMFA(), []policyCase{
		{name: "on", kind: caseCompliant, resourceType: typeCognitoUserPool, props: pool(property.New("ON"), property.New(false))},
		{name: "optional with totp", kind: caseCompliant, resourceType: typeCognitoUserPool,
			props: pool(property.New("OPTIONAL"), property.New(true))},
		{name: "optional without totp", kind: caseViolation, resourceType: typeCognitoUserPool,
			props: pool(property.New("OPTIONAL"), property.New(false)),
			want: []string{`mfaConfiguration is "OPTIONAL" and softwareTokenMfaConfiguration.enabled is false, ` +
				`expected true so that users can add a TOTP factor.`}},
		{name: "off", kind: caseViolation, resourceType: typeCognitoUserPool, props: pool(property.New("OFF"), property.New(true)),
			want: []string{`mfaConfiguration is "OFF", expected "ON" or "OPTIONAL" with TOTP enabled.`}},
		{name: "not set", kind: caseViolation, resourceType: typeCognitoUserPool,
			props: propsOf(map[string]property.Value{"name": property.New("users")}),
			want:  []string{`mfaConfiguration is not set, expected "ON" or "OPTIONAL" with TOTP enabled.`}},
		{name: "identity pool", kind: caseOtherType, resourceType: typeCognitoIdentityPool, props: pool(property.New("OFF"), property.New(false))},
		{name: "unknown mfa", kind: caseUnknown, resourceType: typeCognitoUserPool, props: pool(unknownValue(), property.New(true)),
			wantUnknown: []string{"mfaConfiguration"}},
		{name: "unknown totp", kind: caseUnknown, resourceType: typeCognitoUserPool, props: pool(property.New("OPTIONAL"), unknownValue()),
			wantUnknown: []string{"softwareTokenMfaConfiguration.enabled"}},
	})
}
