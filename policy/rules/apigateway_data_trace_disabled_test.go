package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayDataTraceDisabled(t *testing.T) {
	methodSettings := func(trace property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"methodPath": property.New("*/*"),
			"settings":   objectValue(map[string]property.Value{"loggingLevel": property.New("ERROR"), "dataTraceEnabled": trace}),
		})
	}

	runPolicyCases(t, newAPIGatewayDataTraceDisabled(), []policyCase{
		{name: "off", kind: caseCompliant, resourceType: typeAPIGatewayMethodSettings, props: methodSettings(property.New(false))},
		{name: "default", kind: caseCompliant, resourceType: typeAPIGatewayMethodSettings,
			props: propsOf(map[string]property.Value{"methodPath": property.New("*/*")})},
		{name: "on", kind: caseViolation, resourceType: typeAPIGatewayMethodSettings, props: methodSettings(property.New(true)),
			want: []string{`settings.dataTraceEnabled is true, expected false.`}},
		{name: "stage", kind: caseOtherType, resourceType: typeAPIGatewayStage, props: methodSettings(property.New(true))},
		{name: "unknown", kind: caseUnknown, resourceType: typeAPIGatewayMethodSettings, props: methodSettings(unknownValue()),
			wantUnknown: []string{"settings.dataTraceEnabled"}},
	})
}
