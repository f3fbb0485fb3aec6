package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestAPIGatewayStageMethodSettings(t *testing.T) {
	stage := stackResource(typeAPIGatewayStage, "api-stage", propsOf(map[string]property.Value{
		"restApi": property.New("a1b2c3"), "stageName": property.New("v1"),
	}))
	settings := func(stageName, path property.Value) pack.Resource {
		return stackResource(typeAPIGatewayMethodSettings, "api-settings", propsOf(map[string]property.Value{
			"restApi": property.New("a1b2c3"), "stageName": stageName, "methodPath": path,
		}))
	}
	builtSettings := dependingOn(settings(unknownValue(), property.New("*/*")), "stageName", stage)
	account := func(role property.Value) pack.Resource {
		return stackResource(typeAPIGatewayAccount, "apigateway-account", propsOf(map[string]property.Value{"cloudwatchRoleArn": role}))
	}
	roleARN := property.New("arn:aws:iam::111122223333:role/apigateway-logs")
	noSettings := "api-stage: no aws:apigateway/methodSettings:MethodSettings of this stage has methodPath \"*/*\", " +
		"expected one so that logging, metrics and throttling apply to every method."

	runStackCases(t, newAPIGatewayStageMethodSettings(), []stackCase{
		{name: "stage-wide settings and role", kind: caseCompliant,
			resources: []pack.Resource{stage, settings(property.New("v1"), property.New("*/*")), account(roleARN)}},
		{name: "settings built from stage", kind: caseCompliant, resources: []pack.Resource{stage, builtSettings}},
		{name: "settings for one method", kind: caseViolation,
			resources: []pack.Resource{stage, settings(property.New("v1"), property.New("files/GET"))},
			want:      []string{noSettings}},
		{name: "settings of another stage", kind: caseViolation,
			resources: []pack.Resource{stage, settings(property.New("v2"), property.New("*/*"))},
			want:      []string{noSettings}},
		{name: "account without role", kind: caseViolation, resources: []pack.Resource{account(property.New(""))},
			want: []string{`apigateway-account: cloudwatchRoleArn is "", expected the ARN of a role that API Gateway ` +
				`assumes to write logs to CloudWatch Logs.`}},
		{name: "no stage", kind: caseOtherType, resources: []pack.Resource{stackResource(typeSNSTopic, "alerts", property.Map{})}},
		{name: "unknown method path", kind: caseUnknown, resources: []pack.Resource{stage, settings(property.New("v1"), unknownValue())},
			wantUnknown: []string{"api-settings: methodPath"}},
	})
}
