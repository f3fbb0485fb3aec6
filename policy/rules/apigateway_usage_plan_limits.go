package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayUsagePlanLimits is the name of the policy that requires throttle and quota settings
// on API Gateway usage plans.
const PolicyAPIGatewayUsagePlanLimits = "apigateway-usage-plan-limits"

// Type tokens of the API Gateway usage plan resources.
const (
	typeAPIGatewayUsagePlan    = "aws:apigateway/usagePlan:UsagePlan"
	typeAPIGatewayUsagePlanKey = "aws:apigateway/usagePlanKey:UsagePlanKey"
	typeAPIGatewayAPIKey       = "aws:apigateway/apiKey:ApiKey"
)

// usagePlanLimits are the UsagePlan settings that limit the requests of each API key in the plan.
var usagePlanLimits = [][]string{
	{"throttleSettings", "rateLimit"},
	{"throttleSettings", "burstLimit"},
	{"quotaSettings", "limit"},
}

// newAPIGatewayUsagePlanLimits returns the policy that checks the throttle and quota settings of every
// UsagePlan. The API component rejects a usage plan without a rate, burst or quota limit, but the
// policy stays advisory like apigateway-method-throttling, because the limits guard capacity and cost.
func newAPIGatewayUsagePlanLimits() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayUsagePlanLimits,
		Description: "API Gateway usage plans should set throttleSettings and quotaSettings.",
		Rationale: "A usage plan without a throttle or quota lets each of its API keys call the stage up to " +
			"the stage and account limits, so one client, or anyone holding a leaked key, can use the " +
			"capacity and budget of all clients.",
		RemediationSteps: "Set throttleSettings.rateLimit (requests per second), throttleSettings.burstLimit " +
			"(requests) and quotaSettings.limit with quotaSettings.period (DAY, WEEK or MONTH) on the UsagePlan.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "apigateway", "availability"},
		Framework:        hipaaControl("164.308(a)(7)(i)", "Contingency plan"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayUsagePlan},
		ValidateResource: validateAPIGatewayUsagePlanLimits,
	}
}

func validateAPIGatewayUsagePlanLimits(_ context.Context, check *pack.ResourceCheck) error {
	for _, setting := range usagePlanLimits {
		path := setting[0] + "." + setting[1]
		value := propertyAt(check.Resource.Properties, setting...)
		if !check.Known(path, value) {
			continue
		}
		if limit, ok := numberValue(value); !ok || limit <= 0 {
			check.Report("%s is %s, so the plan does not limit its API keys, expected a limit greater than 0.",
				path, describeValue(value))
		}
	}
	return nil
}
