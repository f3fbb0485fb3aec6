package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayExecutionLogging(t *testing.T) {
	methodSettings := func(level property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"methodPath": property.New("*/*"),
			"settings":   objectValue(map[string]property.Value{"loggingLevel": level}),
		})
	}

	runPolicyCases(t, newAPIGatewayExecutionLogging(), []policyCase{
		{name: "error", kind: caseCompliant, resourceType: typeAPIGatewayMethodSettings, props: methodSettings(property.New("ERROR"))},
		{name: "info", kind: caseCompliant, resourceType: typeAPIGatewayMethodSettings, props: methodSettings(property.New("INFO"))},
		{name: "off", kind: caseViolation, resourceType: typeAPIGatewayMethodSettings, props: methodSettings(property.New("OFF")),
			want: []string{`settings.loggingLevel is "OFF", expected "ERROR" or "INFO".`}},
		{name: "not set", kind: caseViolation, resourceType: typeAPIGatewayMethodSettings,
			props: propsOf(map[string]property.Value{"methodPath": property.New("*/*")}),
			want:  []string{`settings.loggingLevel is not set, expected "ERROR" or "INFO".`}},
		{name: "stage", kind: caseOtherType, resourceType: typeAPIGatewayStage, props: methodSettings(property.New("OFF"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeAPIGatewayMethodSettings, props: methodSettings(unknownValue()),
			wantUnknown: []string{"settings.loggingLevel"}},
	})
}
