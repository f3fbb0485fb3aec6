package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaFunctionXRayTracing(t *testing.T) {
	function := func(mode property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"runtime":       property.New("provided.al2023"),
			"tracingConfig": objectValue(map[string]property.Value{"mode": mode}),
		})
	}

	runPolicyCases(t, newLambdaFunctionXRayTracing(), []policyCase{
		{name: "active", kind: caseCompliant, resourceType: typeLambdaFunction, props: function(property.New("Active"))},
		{name: "pass through", kind: caseViolation, resourceType: typeLambdaFunction, props: function(property.New("PassThrough")),
			want: []string{`tracingConfig.mode is "PassThrough", expected "Active".`}},
		{name: "not set", kind: caseViolation, resourceType: typeLambdaFunction,
			props: propsOf(map[string]property.Value{"runtime": property.New("provided.al2023")}),
			want:  []string{`tracingConfig.mode is not set, expected "Active".`}},
		{name: "stage", kind: caseOtherType, resourceType: typeAPIGatewayStage, props: function(property.New("PassThrough"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeLambdaFunction, props: function(unknownValue()),
			wantUnknown: []string{"tracingConfig.mode"}},
	})
}
