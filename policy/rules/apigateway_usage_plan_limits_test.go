package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayUsagePlanLimits(t *testing.T) {
	usagePlan := func(rate, burst, quota property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name": property.New("dev-partners"),
			"throttleSettings": objectValue(map[string]property.Value{
				"rateLimit": rate, "burstLimit": burst,
			}),
			"quotaSettings": objectValue(map[string]property.Value{
				"limit": quota, "period": property.New("DAY"),
			}),
		})
	}

	runPolicyCases(t, newAPIGatewayUsagePlanLimits(), []policyCase{
		{name: "limits set", kind: caseCompliant, resourceType: typeAPIGatewayUsagePlan,
			props: usagePlan(property.New(10.0), property.New(20.0), property.New(10000.0))},
		{name: "no settings", kind: caseViolation, resourceType: typeAPIGatewayUsagePlan,
			props: propsOf(map[string]property.Value{"name": property.New("dev-partners")}),
			want: []string{
				"throttleSettings.rateLimit is not set, so the plan does not limit its API keys, expected a limit greater than 0.",
				"throttleSettings.burstLimit is not set, so the plan does not limit its API keys, expected a limit greater than 0.",
				"quotaSettings.limit is not set, so the plan does not limit its API keys, expected a limit greater than 0.",
			}},
		{name: "zero quota", kind: caseViolation, resourceType: typeAPIGatewayUsagePlan,
			props: usagePlan(property.New(10.0), property.New(20.0), property.New(0.0)),
			want:  []string{"quotaSettings.limit is 0, so the plan does not limit its API keys, expected a limit greater than 0."}},
		{name: "method settings", kind: caseOtherType, resourceType: typeAPIGatewayMethodSettings,
			props: propsOf(map[string]property.Value{"name": property.New("dev-partners")})},
		{name: "unknown burst", kind: caseUnknown, resourceType: typeAPIGatewayUsagePlan,
			props:       usagePlan(property.New(10.0), unknownValue(), property.New(10000.0)),
			wantUnknown: []string{"throttleSettings.burstLimit"}},
	})
}
