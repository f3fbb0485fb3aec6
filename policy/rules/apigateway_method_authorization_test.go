package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayMethodAuthorization(t *testing.T) {
	method := func(httpMethod, authorization, apiKeyRequired property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"httpMethod":     httpMethod,
			"authorization":  authorization,
			"apiKeyRequired": apiKeyRequired,
			"resourceId":     property.New("abc123"),
		})
	}
	get := property.New("GET")

	runPolicyCases(t, newAPIGatewayMethodAuthorization(), []policyCase{
		{
			name:         "cognito",
			kind:         caseCompliant,
			resourceType: typeAPIGatewayMethod,
			props:        method(get, property.New("COGNITO_USER_POOLS"), property.Value{}),
		},
		{
			name:         "api key",
			kind:         caseCompliant,
			resourceType: typeAPIGatewayMethod,
			props:        method(get, property.New("NONE"), property.New(true)),
		},
		{
			name:         "cors preflight",
			kind:         caseCompliant,
			resourceType: typeAPIGatewayMethod,
			props:        method(property.New("OPTIONS"), property.New("NONE"), property.Value{}),
		},
		{
			name:         "none",
			kind:         caseViolation,
			resourceType: typeAPIGatewayMethod,
			props:        method(property.New("ANY"), property.New("NONE"), property.New(false)),
			want: []string{`authorization is "NONE" and apiKeyRequired is false, expected "COGNITO_USER_POOLS", ` +
				`"CUSTOM" or "AWS_IAM", or apiKeyRequired true.`},
		},
		{
			name:         "none without api key setting",
			kind:         caseViolation,
			resourceType: typeAPIGatewayMethod,
			props:        method(get, property.New("NONE"), property.Value{}),
			want: []string{`authorization is "NONE" and apiKeyRequired is not set, expected "COGNITO_USER_POOLS", ` +
				`"CUSTOM" or "AWS_IAM", or apiKeyRequired true.`},
		},
		{
			name:         "stage",
			kind:         caseOtherType,
			resourceType: typeAPIGatewayStage,
			props:        method(get, property.New("NONE"), property.Value{}),
		},
		{
			name:         "unknown authorization",
			kind:         caseUnknown,
			resourceType: typeAPIGatewayMethod,
			props:        method(unknownValue(), unknownValue(), property.Value{}),
			wantUnknown:  []string{"httpMethod", "authorization"},
		},
		{
			name:         "unknown api key setting",
			kind:         caseUnknown,
			resourceType: typeAPIGatewayMethod,
			props:        method(get, property.New("NONE"), unknownValue()),
			wantUnknown:  []string{"apiKeyRequired"},
		},
	})
}
