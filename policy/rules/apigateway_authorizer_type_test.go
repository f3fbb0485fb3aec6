package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayAuthorizerType(t *testing.T) {
	authorizer := func(authorizerType property.Value) property.Map {
		return propsOf(map[string]property.Value{"name": property.New("cognito"), "type": authorizerType})
	}

	runPolicyCases(t, newAPIGatewayAuthorizerType(), []policyCase{
		{name: "cognito", kind: caseCompliant, resourceType: typeAPIGatewayAuthorizer,
			props: authorizer(property.New("COGNITO_USER_POOLS"))},
		{name: "request allowed by config", kind: caseCompliant, resourceType: typeAPIGatewayAuthorizer,
			props:  authorizer(property.New("REQUEST")),
			config: map[string]any{ConfigAllowedAuthorizerTypes: []any{"COGNITO_USER_POOLS", "REQUEST"}}},
		{name: "request", kind: caseViolation, resourceType: typeAPIGatewayAuthorizer, props: authorizer(property.New("REQUEST")),
			want: []string{`type is "REQUEST", so the authorizer is REQUEST, expected one of COGNITO_USER_POOLS.`}},
		{name: "default token", kind: caseViolation, resourceType: typeAPIGatewayAuthorizer,
			props: propsOf(map[string]property.Value{"name": property.New("lambda")}),
			want:  []string{`type is not set, so the authorizer is TOKEN, expected one of COGNITO_USER_POOLS.`}},
		{name: "method", kind: caseOtherType, resourceType: typeAPIGatewayMethod, props: authorizer(property.New("TOKEN"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeAPIGatewayAuthorizer, props: authorizer(unknownValue()),
			wantUnknown: []string{"type"}},
	})
}
