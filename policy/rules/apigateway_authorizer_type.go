package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayAuthorizerType is the name of the policy that limits REST API authorizers to allowed
// types.
const PolicyAPIGatewayAuthorizerType = "apigateway-authorizer-type"

// ConfigAllowedAuthorizerTypes is the configuration property of apigateway-authorizer-type that lists
// the accepted authorizer types.
const ConfigAllowedAuthorizerTypes = "allowedAuthorizerTypes"

// DefaultAllowedAuthorizerTypes are the authorizer types that apigateway-authorizer-type accepts when
// the pack configuration does not set allowedAuthorizerTypes. TOKEN and REQUEST are Lambda authorizers,
// whose own code decides who is authenticated.
var DefaultAllowedAuthorizerTypes = []string{"COGNITO_USER_POOLS"}

// authorizerDefaultType is the type of an Authorizer without type, as documented by pulumi-aws v6.83.4.
const authorizerDefaultType = "TOKEN"

// newAPIGatewayAuthorizerType returns the policy that checks type on an API Gateway Authorizer.
func newAPIGatewayAuthorizerType() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayAuthorizerType,
		Description: "REST API authorizers should use an allowed type: COGNITO_USER_POOLS unless the pack config sets others.",
		Rationale: "A Cognito user pool authorizer checks the token's signature, issuer and expiry in API Gateway " +
			"itself. A Lambda authorizer (TOKEN or REQUEST) runs custom code for every request, and a bug in it, " +
			"such as a skipped signature check or a cached allow policy that covers too many methods, admits " +
			"callers that the API should reject.",
		RemediationSteps: "Set the Authorizer's type to COGNITO_USER_POOLS with the user pool's ARN in providerArns, " +
			"or list the reviewed type in allowedAuthorizerTypes.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "apigateway", "authentication"},
		Framework:        hipaaControl("164.312(d)", "Person or entity authentication"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayAuthorizer},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigAllowedAuthorizerTypes: {
					"type":        "array",
					"items":       map[string]any{"type": "string", "enum": []any{"TOKEN", "REQUEST", "COGNITO_USER_POOLS"}},
					"minItems":    1,
					"default":     DefaultAllowedAuthorizerTypes,
					"description": "Types that an API Gateway Authorizer may use.",
				},
			},
		},
		ValidateResource: validateAPIGatewayAuthorizerType,
	}
}

func validateAPIGatewayAuthorizerType(_ context.Context, check *pack.ResourceCheck) error {
	allowed, err := stringListConfig(check.Config, PolicyAPIGatewayAuthorizerType, ConfigAllowedAuthorizerTypes,
		DefaultAllowedAuthorizerTypes)
	if err != nil {
		return err
	}

	value := check.Resource.Properties.Get("type")
	if !check.Known("type", value) {
		return nil
	}
	authorizerType, _ := stringValue(value)
	if authorizerType == "" {
		authorizerType = authorizerDefaultType
	}
	if !slices.Contains(allowed, authorizerType) {
		check.Report("type is %s, so the authorizer is %s, expected one of %s.", describeValue(value), authorizerType,
			strings.Join(allowed, ", "))
	}
	return nil
}
