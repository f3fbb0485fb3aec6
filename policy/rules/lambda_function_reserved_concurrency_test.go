package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaFunctionReservedConcurrency(t *testing.T) {
	function := func(reserved property.Value) property.Map {
		return propsOf(map[string]property.Value{"runtime": property.New("provided.al2023"), "reservedConcurrentExecutions": reserved})
	}

	runPolicyCases(t, newLambdaFunctionReservedConcurrency(), []policyCase{
		{name: "reserved", kind: caseCompliant, resourceType: typeLambdaFunction, props: function(property.New(20.0))},
		{name: "unreserved", kind: caseViolation, resourceType: typeLambdaFunction, props: function(property.New(-1.0)),
			want: []string{"reservedConcurrentExecutions is -1, so the function is unreserved, expected a reserved count of 0 or more."}},
		{name: "not set", kind: caseViolation, resourceType: typeLambdaFunction,
			props: propsOf(map[string]property.Value{"runtime": property.New("provided.al2023")}),
			want:  []string{"reservedConcurrentExecutions is not set, so the function is unreserved, expected a reserved count of 0 or more."}},
		{name: "permission", kind: caseOtherType, resourceType: typeLambdaPermission, props: function(property.New(-1.0))},
		{name: "unknown", kind: caseUnknown, resourceType: typeLambdaFunction, props: function(unknownValue()),
			wantUnknown: []string{"reservedConcurrentExecutions"}},
	})
}
