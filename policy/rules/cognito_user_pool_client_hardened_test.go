package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCognitoUserPoolClientHardened(t *testing.T) {
	client := func(overrides map[string]property.Value) property.Map {
		fields := map[string]property.Value{
			"name":                       property.New("web"),
			"preventUserExistenceErrors": property.New("ENABLED"),
			"enableTokenRevocation":      property.New(true),
			"allowedOauthFlows":          listValue(property.New("code")),
			"accessTokenValidity":        property.New(60.0),
			"idTokenValidity":            property.New(60.0),
			"refreshTokenValidity":       property.New(24.0),
			"tokenValidityUnits": objectValue(map[string]property.Value{
				"accessToken": property.New("minutes"), "idToken": property.New("minutes"), "refreshToken": property.New("hours"),
			}),
		}
		for key, value := range overrides {
			fields[key] = value
		}
		return propsOf(fields)
	}

	runPolicyCases(t, newCognitoUserPoolClientHardened(), []policyCase{
		{name: "hardened", kind: caseCompliant, resourceType: typeCognitoUserPoolClient, props: client(nil)},
		{name: "cognito defaults for lifetimes", kind: caseCompliant, resourceType: typeCognitoUserPoolClient,
			props: client(map[string]property.Value{
				"accessTokenValidity": property.Value{}, "idTokenValidity": property.Value{},
				"refreshTokenValidity": property.Value{}, "tokenValidityUnits": property.Value{},
			})},
		{name: "longer refresh allowed by config", kind: caseCompliant, resourceType: typeCognitoUserPoolClient,
			props:  client(map[string]property.Value{"refreshTokenValidity": property.New(2160.0)}),
			config: map[string]any{ConfigMaxRefreshTokenHours: 2160.0}},
		{name: "legacy errors and implicit", kind: caseViolation, resourceType: typeCognitoUserPoolClient,
			props: client(map[string]property.Value{
				"preventUserExistenceErrors": property.New("LEGACY"), "enableTokenRevocation": property.New(false),
				"allowedOauthFlows": listValue(property.New("code"), property.New("implicit")),
			}),
			want: []string{
				`preventUserExistenceErrors is "LEGACY", expected "ENABLED".`,
				"enableTokenRevocation is false, expected true.",
				`allowedOauthFlows contains "implicit", expected the "code" flow only.`,
			}},
		{name: "long lifetimes in default units", kind: caseViolation, resourceType: typeCognitoUserPoolClient,
			props: client(map[string]property.Value{
				"preventUserExistenceErrors": property.Value{}, "tokenValidityUnits": property.Value{},
				"accessTokenValidity": property.New(24.0), "idTokenValidity": property.New(1.0),
				"refreshTokenValidity": property.New(3650.0),
			}),
			want: []string{
				"preventUserExistenceErrors is not set, expected \"ENABLED\".",
				"accessTokenValidity is 24 (unit not set), which is 1440 minutes, expected at most 60 minutes.",
				"refreshTokenValidity is 3650 (unit not set), which is 5256000 minutes, expected at most 43200 minutes.",
			}},
		{name: "user pool", kind: caseOtherType, resourceType: typeCognitoUserPool,
			props: client(map[string]property.Value{"enableTokenRevocation": property.New(false)})},
		{name: "unknown", kind: caseUnknown, resourceType: typeCognitoUserPoolClient,
			props:       client(map[string]property.Value{"preventUserExistenceErrors": unknownValue(), "refreshTokenValidity": unknownValue()}),
			wantUnknown: []string{"preventUserExistenceErrors", "refreshTokenValidity"}},
	})
}
