package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestAPIGatewayPrivateAPIPolicy(t *testing.T) {
	const (
		apiARN = "arn:aws:apigateway:eu-west-1::/restapis/api123"
		// limitedPolicy is the document that the API component writes for a PRIVATE API.
		limitedPolicy = `{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*",` +
			`"Condition":{"StringNotEquals":{"aws:SourceVpce":["vpce-0123"]}}},` +
			`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*",` +
			`"Condition":{"StringEquals":{"aws:SourceVpce":["vpce-0123"]}}}]}`
		openPolicy = `{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}`
	)
	restAPI := func(endpointType string, policy property.Value) pack.Resource {
		return stackResource(typeAPIGatewayRestAPI, "dev-api", propsOf(map[string]property.Value{
			"name": property.New("dev-api"), "arn": property.New(apiARN), "policy": policy,
			"endpointConfiguration": objectValue(map[string]property.Value{"types": property.New(endpointType)}),
		}))
	}
	apiPolicy := func(restAPIID, document property.Value) pack.Resource {
		return stackResource(typeAPIGatewayRestAPIPolicy, "dev-policy", propsOf(map[string]property.Value{
			"restApiId": restAPIID, "policy": document,
		}))
	}
	private := restAPI("PRIVATE", property.Value{})
	const noPolicy = "dev-api: endpointConfiguration.types includes PRIVATE but neither policy nor a " +
		"aws:apigateway/restApiPolicy:RestApiPolicy with restApiId set to this API has a condition on " +
		"aws:SourceVpce or aws:SourceVpc, expected a resource policy that admits only the API's VPC endpoints or VPCs."

	runStackCases(t, newAPIGatewayPrivateAPIPolicy(), []stackCase{
		{
			name:      "policy built from the API",
			kind:      caseCompliant,
			resources: []pack.Resource{private, dependingOn(apiPolicy(unknownValue(), property.New(limitedPolicy)), "restApiId", private)},
		},
		{
			name:      "policy naming the API id",
			kind:      caseCompliant,
			resources: []pack.Resource{private, apiPolicy(property.New("api123"), property.New(limitedPolicy))},
		},
		{
			name:      "inline policy",
			kind:      caseCompliant,
			resources: []pack.Resource{restAPI("PRIVATE", property.New(limitedPolicy))},
		},
		{
			name: "endpoint types as a list",
			kind: caseCompliant,
			resources: []pack.Resource{stackResource(typeAPIGatewayRestAPI, "dev-api", propsOf(map[string]property.Value{
				"arn": property.New(apiARN), "policy": property.New(limitedPolicy),
				"endpointConfiguration": objectValue(map[string]property.Value{"types": listValue(property.New("PRIVATE"))}),
			}))},
		},
		{
			name:      "regional API without policy",
			kind:      caseCompliant,
			resources: []pack.Resource{restAPI("REGIONAL", property.Value{})},
		},
		{
			name:      "no policy",
			kind:      caseViolation,
			resources: []pack.Resource{private},
			want:      []string{noPolicy},
		},
		{
			name:      "policy without source condition",
			kind:      caseViolation,
			resources: []pack.Resource{private, apiPolicy(property.New("api123"), property.New(openPolicy))},
			want:      []string{noPolicy},
		},
		{
			name: "private list without policy",
			kind: caseViolation,
			resources: []pack.Resource{stackResource(typeAPIGatewayRestAPI, "dev-api", propsOf(map[string]property.Value{
				"arn":                   property.New(apiARN),
				"endpointConfiguration": objectValue(map[string]property.Value{"types": listValue(property.New("PRIVATE"))}),
			}))},
			want: []string{noPolicy},
		},
		{
			name:      "policy of another API",
			kind:      caseViolation,
			resources: []pack.Resource{private, apiPolicy(property.New("other456"), property.New(limitedPolicy))},
			want:      []string{noPolicy},
		},
		{
			name:      "policy without API",
			kind:      caseOtherType,
			resources: []pack.Resource{apiPolicy(property.New("api123"), property.New(openPolicy))},
		},
		{
			name:        "policy document unknown",
			kind:        caseUnknown,
			resources:   []pack.Resource{private, dependingOn(apiPolicy(unknownValue(), unknownValue()), "restApiId", private)},
			wantUnknown: []string{"dev-policy: policy"},
		},
		{
			name: "endpoint types unknown",
			kind: caseUnknown,
			resources: []pack.Resource{stackResource(typeAPIGatewayRestAPI, "dev-api", propsOf(map[string]property.Value{
				"arn": property.New(apiARN), "endpointConfiguration": unknownValue(),
			}))},
			wantUnknown: []string{"dev-api: endpointConfiguration.types"},
		},
		{
			name:        "policy of an unknown API",
			kind:        caseUnknown,
			resources:   []pack.Resource{private, apiPolicy(unknownValue(), property.New(limitedPolicy))},
			wantUnknown: []string{"dev-policy: restApiId"},
		},
	})
}
