package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestLambdaPermissionServicePrincipalScoped(t *testing.T) {
	permission := func(principal string, scopes map[string]property.Value) property.Map {
		fields := map[string]property.Value{
			"action": property.New("lambda:InvokeFunction"), "function": property.New("api-handler"),
			"principal": property.New(principal),
		}
		for key, value := range scopes {
			fields[key] = value
		}
		return propsOf(fields)
	}
	sourceArn := map[string]property.Value{"sourceArn": property.New("arn:aws:events:eu-west-1:123456789012:rule/scan")}

	runPolicyCases(t, newLambdaPermissionServicePrincipalScoped(), []policyCase{
		{name: "source arn", kind: caseCompliant, resourceType: typeLambdaPermission,
			props: permission("events.amazonaws.com", sourceArn)},
		{name: "source account", kind: caseCompliant, resourceType: typeLambdaPermission,
			props: permission("secretsmanager.amazonaws.com", map[string]property.Value{"sourceAccount": property.New("123456789012")})},
		{name: "account principal", kind: caseCompliant, resourceType: typeLambdaPermission,
			props: permission("123456789012", nil)},
		{name: "unscoped service", kind: caseViolation, resourceType: typeLambdaPermission,
			props: permission("s3.amazonaws.com", nil),
			want: []string{`principal is the service principal "s3.amazonaws.com" and sourceArn and sourceAccount are ` +
				`not set, expected sourceArn or sourceAccount to name the resource or account that invokes the function.`}},
		{name: "empty source arn", kind: caseViolation, resourceType: typeLambdaPermission,
			props: permission("apigateway.amazonaws.com", map[string]property.Value{"sourceArn": property.New("")}),
			want: []string{`principal is the service principal "apigateway.amazonaws.com" and sourceArn and sourceAccount are ` +
				`not set, expected sourceArn or sourceAccount to name the resource or account that invokes the function.`}},
		{name: "function url", kind: caseOtherType, resourceType: typeLambdaFunctionURL, props: permission("s3.amazonaws.com", nil)},
		{name: "unknown source", kind: caseUnknown, resourceType: typeLambdaPermission,
			props:       permission("events.amazonaws.com", map[string]property.Value{"sourceArn": unknownValue()}),
			wantUnknown: []string{"sourceArn"}},
		{name: "unknown principal", kind: caseUnknown, resourceType: typeLambdaPermission,
			props: permission("", nil).Set("principal", unknownValue()), wantUnknown: []string{"principal"}},
	})
}
