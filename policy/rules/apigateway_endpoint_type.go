package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayEndpointType is the name of the policy that limits REST APIs to allowed endpoint
// types.
const PolicyAPIGatewayEndpointType = "apigateway-endpoint-type"

// ConfigAllowedEndpointTypes is the configuration property of apigateway-endpoint-type that lists the
// accepted endpoint types.
const ConfigAllowedEndpointTypes = "allowedEndpointTypes"

// DefaultAllowedEndpointTypes are the endpoint types that apigateway-endpoint-type accepts when the
// pack configuration does not set allowedEndpointTypes. EDGE is left out because an edge-optimized
// API sits behind a CloudFront distribution that AWS manages, so the stack cannot attach a web ACL to
// it, choose its TLS policy or log its requests.
var DefaultAllowedEndpointTypes = []string{"REGIONAL", "PRIVATE"}

// restAPIDefaultEndpointType is the endpoint type of a RestApi without endpointConfiguration, as
// documented by pulumi-aws v6.83.4.
const restAPIDefaultEndpointType = "EDGE"

// newAPIGatewayEndpointType returns the policy that checks endpointConfiguration.types on a RestApi.
func newAPIGatewayEndpointType() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayEndpointType,
		Description: "REST APIs should use an allowed endpoint type: REGIONAL or PRIVATE unless the pack config sets others.",
		Rationale: "An edge-optimized API is served through a CloudFront distribution that AWS manages for the " +
			"account, so the stack can neither attach a web ACL to it nor choose its TLS policy or log its " +
			"requests. A REGIONAL API behind the stack's own distribution, or a PRIVATE API, keeps those controls.",
		RemediationSteps: "Set endpointConfiguration.types on the RestApi to REGIONAL (behind a CloudFront " +
			"distribution of the stack) or PRIVATE, or list the chosen type in allowedEndpointTypes.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "apigateway", "network"},
		Framework:        hipaaControl("164.312(e)(1)", "Transmission security"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayRestAPI},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigAllowedEndpointTypes: {
					"type":        "array",
					"items":       map[string]any{"type": "string", "enum": []any{"EDGE", "REGIONAL", "PRIVATE"}},
					"minItems":    1,
					"default":     DefaultAllowedEndpointTypes,
					"description": "Endpoint types that a RestApi may use.",
				},
			},
		},
		ValidateResource: validateAPIGatewayEndpointType,
	}
}

func validateAPIGatewayEndpointType(_ context.Context, check *pack.ResourceCheck) error {
	allowed, err := stringListConfig(check.Config, PolicyAPIGatewayEndpointType, ConfigAllowedEndpointTypes,
		DefaultAllowedEndpointTypes)
	if err != nil {
		return err
	}

	const path = "endpointConfiguration.types"
	types := propertyAt(check.Resource.Properties, "endpointConfiguration", "types")
	if !check.Known(path, types) {
		return nil
	}

	endpointType, _ := stringValue(types)
	if endpointType == "" {
		endpointType = restAPIDefaultEndpointType
	}
	if !slices.Contains(allowed, endpointType) {
		check.Report("%s is %s, so the API is %s, expected one of %s.", path, describeValue(types), endpointType,
			strings.Join(allowed, ", "))
	}
	return nil
}
