package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaPermissionNoPublicPrincipal(t *testing.T) {
	permission := func(principal property.Value, scopes map[string]property.Value) property.Map {
		fields := map[string]property.Value{
			"action":    property.New("lambda:InvokeFunction"),
			"function":  property.New("secure-serverless-dev-me"),
			"principal": principal,
		}
		for name, value := range scopes {
			fields[name] = value
		}
		return propsOf(fields)
	}
	const want = `principal is "*" and sourceArn, sourceAccount and principalOrgId are not set, expected a ` +
		`named principal or one of those arguments.`

	runPolicyCases(t, newLambdaPermissionNoPublicPrincipal(), []policyCase{
		{
			name:         "service principal",
			kind:         caseCompliant,
			resourceType: typeLambdaPermission,
			props:        permission(property.New("apigateway.amazonaws.com"), nil),
		},
		{
			name:         "everyone from one source",
			kind:         caseCompliant,
			resourceType: typeLambdaPermission,
			props: permission(property.New("*"), map[string]property.Value{
				"sourceArn": property.New("arn:aws:execute-api:eu-west-1:111122223333:abc123/*"),
			}),
		},
		{
			name:         "everyone in the organization",
			kind:         caseCompliant,
			resourceType: typeLambdaPermission,
			props: permission(property.New("*"), map[string]property.Value{
				"sourceArn":      unknownValue(),
				"principalOrgId": property.New("o-abc123"),
			}),
		},
		{
			name:         "everyone",
			kind:         caseViolation,
			resourceType: typeLambdaPermission,
			props:        permission(property.New("*"), nil),
			want:         []string{want},
		},
		{
			name:         "everyone through a public url",
			kind:         caseViolation,
			resourceType: typeLambdaPermission,
			props: permission(property.New("*"), map[string]property.Value{
				"action":              property.New("lambda:InvokeFunctionUrl"),
				"functionUrlAuthType": property.New("NONE"),
				"sourceAccount":       property.New(""),
			}),
			want: []string{want},
		},
		{
			name:         "principal on other type",
			kind:         caseOtherType,
			resourceType: typeLambdaFunctionURL,
			props:        permission(property.New("*"), nil),
		},
		{
			name:         "unknown principal",
			kind:         caseUnknown,
			resourceType: typeLambdaPermission,
			props:        permission(unknownValue(), nil),
			wantUnknown:  []string{"principal"},
		},
		{
			name:         "unknown source",
			kind:         caseUnknown,
			resourceType: typeLambdaPermission,
			props: permission(property.New("*"), map[string]property.Value{
				"sourceArn": unknownValue(), "sourceAccount": unknownValue(),
			}),
			wantUnknown: []string{"sourceArn", "sourceAccount"},
		},
	})
}
