package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaEnvironmentCustomerManagedKey(t *testing.T) {
	function := func(variables, key property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"runtime":     property.New("provided.al2023"),
			"environment": objectValue(map[string]property.Value{"variables": variables}),
			"kmsKeyArn":   key,
		})
	}
	variables := objectValue(map[string]property.Value{"BUCKET": property.New("uploads")})

	runPolicyCases(t, newLambdaEnvironmentCustomerManagedKey(), []policyCase{
		{name: "customer key", kind: caseCompliant, resourceType: typeLambdaFunction,
			props: function(variables, property.New("arn:aws:kms:eu-west-1:123456789012:key/1"))},
		{name: "no variables", kind: caseCompliant, resourceType: typeLambdaFunction,
			props: propsOf(map[string]property.Value{"runtime": property.New("provided.al2023")})},
		{name: "aws managed key", kind: caseViolation, resourceType: typeLambdaFunction,
			props: function(variables, property.Value{}),
			want:  []string{"kmsKeyArn is not set on a function with environment variables, expected the ARN of a customer managed KMS key."}},
		{name: "permission", kind: caseOtherType, resourceType: typeLambdaPermission, props: function(variables, property.Value{})},
		{name: "unknown key", kind: caseUnknown, resourceType: typeLambdaFunction, props: function(variables, unknownValue()),
			wantUnknown: []string{"kmsKeyArn"}},
		{name: "unknown variables", kind: caseUnknown, resourceType: typeLambdaFunction,
			props: function(unknownValue(), property.Value{}), wantUnknown: []string{"environment.variables"}},
	})
}
