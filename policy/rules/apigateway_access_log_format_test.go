package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayAccessLogFormat(t *testing.T) {
	stage := func(format property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"stageName": property.New("v1"),
			"accessLogSettings": objectValue(map[string]property.Value{
				"destinationArn": property.New("arn:aws:logs:eu-west-1:123456789012:log-group:access"),
				"format":         format,
			}),
		})
	}
	complete := `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status",` +
		`"responseLatency":"$context.responseLatency"}`

	runPolicyCases(t, newAPIGatewayAccessLogFormat(), []policyCase{
		{name: "complete json", kind: caseCompliant, resourceType: typeAPIGatewayStage, props: stage(property.New(complete))},
		{name: "no access logs", kind: caseCompliant, resourceType: typeAPIGatewayStage,
			props: propsOf(map[string]property.Value{"stageName": property.New("v1")})},
		{name: "common log format", kind: caseViolation, resourceType: typeAPIGatewayStage,
			props: stage(property.New(`$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod" $context.status`)),
			want: []string{"accessLogSettings.format is not a JSON object (invalid character '$' looking for beginning of value), " +
				"expected a JSON format with the request id, caller, status and latency."}},
		{name: "missing fields", kind: caseViolation, resourceType: typeAPIGatewayStage,
			props: stage(property.New(`{"requestId":"$context.requestId","status":"$context.status"}`)),
			want: []string{"accessLogSettings.format has no field for the caller ($context.identity.sourceIp), " +
				"latency ($context.responseLatency), expected each of them in the JSON entry."}},
		{name: "method settings", kind: caseOtherType, resourceType: typeAPIGatewayMethodSettings, props: stage(property.New("x"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeAPIGatewayStage, props: stage(unknownValue()),
			wantUnknown: []string{"accessLogSettings.format"}},
	})
}
