package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayStageAccessLogging(t *testing.T) {
	stage := func(destination property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"stageName": property.New("v1"),
			"accessLogSettings": objectValue(map[string]property.Value{
				"destinationArn": destination,
				"format":         property.New(`{"requestId":"$context.requestId"}`),
			}),
		})
	}

	runPolicyCases(t, newAPIGatewayStageAccessLogging(), []policyCase{
		{
			name:         "log group",
			kind:         caseCompliant,
			resourceType: typeAPIGatewayStage,
			props:        stage(property.New("arn:aws:logs:eu-west-1:111122223333:log-group:api-access")),
		},
		{
			name:         "no access log settings",
			kind:         caseViolation,
			resourceType: typeAPIGatewayStage,
			props:        propsOf(map[string]property.Value{"stageName": property.New("v1")}),
			want:         []string{`accessLogSettings.destinationArn is not set, expected the ARN of a log group or Firehose stream.`},
		},
		{
			name:         "empty destination",
			kind:         caseViolation,
			resourceType: typeAPIGatewayStage,
			props:        stage(property.New("")),
			want:         []string{`accessLogSettings.destinationArn is "", expected the ARN of a log group or Firehose stream.`},
		},
		{
			name:         "method settings",
			kind:         caseOtherType,
			resourceType: typeAPIGatewayMethodSettings,
			props:        propsOf(map[string]property.Value{"stageName": property.New("v1")}),
		},
		{
			name:         "unknown destination",
			kind:         caseUnknown,
			resourceType: typeAPIGatewayStage,
			props:        stage(unknownValue()),
			wantUnknown:  []string{"accessLogSettings.destinationArn"},
		},
	})
}
