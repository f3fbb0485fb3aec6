package rules

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

func TestAPIGatewayEndpointType(t *testing.T) {
	api := func(types property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name":                  property.New("platform-api"),
			"endpointConfiguration": objectValue(map[string]property.Value{"types": types}),
		})
	}

	runPolicyCases(t, newAPIGatewayEndpointType(), []policyCase{
		{name: "regional", kind: caseCompliant, resourceType: typeAPIGatewayRestAPI, props: api(property.New("REGIONAL"))},
		{name: "private", kind: caseCompliant, resourceType: typeAPIGatewayRestAPI, props: api(property.New("PRIVATE"))},
		{name: "edge allowed by config", kind: caseCompliant, resourceType: typeAPIGatewayRestAPI,
			props: api(property.New("EDGE")), config: map[string]any{ConfigAllowedEndpointTypes: []any{"EDGE"}}},
		{name: "edge", kind: caseViolation, resourceType: typeAPIGatewayRestAPI, props: api(property.New("EDGE")),
			want: []string{`endpointConfiguration.types is "EDGE", so the API is EDGE, expected one of REGIONAL, PRIVATE.`}},
		{name: "default edge", kind: caseViolation, resourceType: typeAPIGatewayRestAPI,
			props: propsOf(map[string]property.Value{"name": property.New("platform-api")}),
			want:  []string{`endpointConfiguration.types is not set, so the API is EDGE, expected one of REGIONAL, PRIVATE.`}},
		{name: "private not allowed by config", kind: caseViolation, resourceType: typeAPIGatewayRestAPI,
			props: api(property.New("PRIVATE")), config: map[string]any{ConfigAllowedEndpointTypes: []any{"REGIONAL"}},
			want: []string{`endpointConfiguration.types is "PRIVATE", so the API is PRIVATE, expected one of REGIONAL.`}},
		{name: "domain name", kind: caseOtherType, resourceType: typeAPIGatewayDomainName, props: api(property.New("EDGE"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeAPIGatewayRestAPI, props: api(unknownValue()),
			wantUnknown: []string{"endpointConfiguration.types"}},
	})
}

func TestAPIGatewayEndpointTypeInvalidConfig(t *testing.T) {
	for name, value := range map[string]any{"empty list": []any{}, "not a list": "REGIONAL", "number element": []any{1.0}} {
		t.Run(name, func(t *testing.T) {
			check := &pack.ResourceCheck{
				Resource: pack.Resource{Type: typeAPIGatewayRestAPI, URN: testResourceURN, Name: "under-test",
					Properties: propsOf(map[string]property.Value{"name": property.New("platform-api")})},
				Config: map[string]any{ConfigAllowedEndpointTypes: value},
			}
			_, err := newAPIGatewayEndpointType().CheckResource(context.Background(), check)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "invalid allowedEndpointTypes")
		})
	}
}
