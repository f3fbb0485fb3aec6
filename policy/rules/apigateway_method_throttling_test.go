package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayMethodThrottling(t *testing.T) {
	methodSettings := func(rate, burst property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"methodPath": property.New("*/*"),
			"settings": objectValue(map[string]property.Value{
				"throttlingRateLimit": rate, "throttlingBurstLimit": burst, "loggingLevel": property.New("ERROR"),
			}),
		})
	}

	runPolicyCases(t, newAPIGatewayMethodThrottling(), []policyCase{
		{name: "limits set", kind: caseCompliant, resourceType: typeAPIGatewayMethodSettings,
			props: methodSettings(property.New(50.0), property.New(100.0))},
		{name: "provider default", kind: caseViolation, resourceType: typeAPIGatewayMethodSettings,
			props: methodSettings(property.New(-1.0), property.New(-1.0)),
			want: []string{
				"settings.throttlingRateLimit is -1, so throttling is off for these methods, expected a limit of 0 or more.",
				"settings.throttlingBurstLimit is -1, so throttling is off for these methods, expected a limit of 0 or more.",
			}},
		{name: "burst not set", kind: caseViolation, resourceType: typeAPIGatewayMethodSettings,
			props: methodSettings(property.New(50.0), property.Value{}),
			want:  []string{"settings.throttlingBurstLimit is not set, so throttling is off for these methods, expected a limit of 0 or more."}},
		{name: "stage", kind: caseOtherType, resourceType: typeAPIGatewayStage,
			props: methodSettings(property.New(-1.0), property.New(-1.0))},
		{name: "unknown rate", kind: caseUnknown, resourceType: typeAPIGatewayMethodSettings,
			props: methodSettings(unknownValue(), property.New(100.0)), wantUnknown: []string{"settings.throttlingRateLimit"}},
	})
}
