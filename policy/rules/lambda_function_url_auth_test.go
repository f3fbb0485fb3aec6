package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaFunctionURLAuth(t *testing.T) {
	functionURL := func(authorization property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"functionName":      property.New("secure-serverless-dev-me"),
			"authorizationType": authorization,
		})
	}

	runPolicyCases(t, newLambdaFunctionURLAuth(), []policyCase{
		{
			name:         "iam",
			kind:         caseCompliant,
			resourceType: typeLambdaFunctionURL,
			props:        functionURL(property.New("AWS_IAM")),
		},
		{
			name:         "none",
			kind:         caseViolation,
			resourceType: typeLambdaFunctionURL,
			props:        functionURL(property.New("NONE")),
			want:         []string{`authorizationType is "NONE", expected "AWS_IAM".`},
		},
		{
			name:         "missing",
			kind:         caseViolation,
			resourceType: typeLambdaFunctionURL,
			props:        propsOf(map[string]property.Value{"functionName": property.New("me")}),
			want:         []string{`authorizationType is not set, expected "AWS_IAM".`},
		},
		{
			name:         "permission",
			kind:         caseOtherType,
			resourceType: typeLambdaPermission,
			props:        functionURL(property.New("NONE")),
		},
		{
			name:         "unknown authorization type",
			kind:         caseUnknown,
			resourceType: typeLambdaFunctionURL,
			props:        functionURL(unknownValue()),
			wantUnknown:  []string{"authorizationType"},
		},
	})
}
