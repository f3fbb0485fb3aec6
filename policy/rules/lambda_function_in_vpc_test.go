package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaFunctionInVPC(t *testing.T) {
	function := func(subnets, groups property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"runtime": property.New("provided.al2023"),
			"vpcConfig": objectValue(map[string]property.Value{
				"subnetIds":        subnets,
				"securityGroupIds": groups,
			}),
		})
	}
	ids := func(values ...string) property.Value {
		elements := make([]property.Value, len(values))
		for i, value := range values {
			elements[i] = property.New(value)
		}
		return property.New(elements)
	}

	runPolicyCases(t, newLambdaFunctionInVPC(), []policyCase{
		{
			name:         "private subnets",
			kind:         caseCompliant,
			resourceType: typeLambdaFunction,
			props:        function(ids("subnet-1", "subnet-2"), ids("sg-1")),
		},
		{
			name:         "no vpc config",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props:        propsOf(map[string]property.Value{"runtime": property.New("provided.al2023")}),
			want: []string{
				`vpcConfig.subnetIds is not set, expected at least one ID.`,
				`vpcConfig.securityGroupIds is not set, expected at least one ID.`,
			},
		},
		{
			name:         "no security groups",
			kind:         caseViolation,
			resourceType: typeLambdaFunction,
			props:        function(ids("subnet-1"), ids()),
			want:         []string{`vpcConfig.securityGroupIds is a list of 0 elements, expected at least one ID.`},
		},
		{
			name:         "permission",
			kind:         caseOtherType,
			resourceType: typeLambdaPermission,
			props:        propsOf(map[string]property.Value{"principal": property.New("*")}),
		},
		{
			name:         "unknown subnets",
			kind:         caseUnknown,
			resourceType: typeLambdaFunction,
			props:        function(unknownValue(), ids("sg-1")),
			wantUnknown:  []string{"vpcConfig.subnetIds"},
		},
	})
}
