package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayStageXRayTracing(t *testing.T) {
	stage := func(tracing property.Value) property.Map {
		return propsOf(map[string]property.Value{"stageName": property.New("v1"), "xrayTracingEnabled": tracing})
	}

	runPolicyCases(t, newAPIGatewayStageXRayTracing(), []policyCase{
		{name: "enabled", kind: caseCompliant, resourceType: typeAPIGatewayStage, props: stage(property.New(true))},
		{name: "disabled", kind: caseViolation, resourceType: typeAPIGatewayStage, props: stage(property.New(false)),
			want: []string{`xrayTracingEnabled is false, expected true.`}},
		{name: "not set", kind: caseViolation, resourceType: typeAPIGatewayStage,
			props: propsOf(map[string]property.Value{"stageName": property.New("v1")}),
			want:  []string{`xrayTracingEnabled is not set, expected true.`}},
		{name: "method settings", kind: caseOtherType, resourceType: typeAPIGatewayMethodSettings, props: stage(property.New(false))},
		{name: "unknown", kind: caseUnknown, resourceType: typeAPIGatewayStage, props: stage(unknownValue()),
			wantUnknown: []string{"xrayTracingEnabled"}},
	})
}
