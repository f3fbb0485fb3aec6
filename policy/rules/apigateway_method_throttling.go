package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayMethodThrottling is the name of the policy that requires throttling limits in
// API Gateway method settings.
const PolicyAPIGatewayMethodThrottling = "apigateway-method-throttling"

// throttlingSettings are the MethodSettings settings that limit requests. The provider stores -1 when a
// limit is not set, which turns throttling off for the methods that the settings cover.
var throttlingSettings = []string{"throttlingRateLimit", "throttlingBurstLimit"}

// newAPIGatewayMethodThrottling returns the policy that checks the throttling limits of every
// MethodSettings.
//
// A stage without any MethodSettings has only the account-level limit. This policy checks MethodSettings
// resources one at a time, so apigateway-stage-method-settings reports such a stage.
func newAPIGatewayMethodThrottling() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayMethodThrottling,
		Description: "API Gateway method settings should set throttlingRateLimit and throttlingBurstLimit.",
		Rationale: "Without a stage or method limit, one client can use the account's whole API Gateway quota " +
			"for the region, shared by every API of the account, and drive the functions behind the API to " +
			"their concurrency limit and cost.",
		RemediationSteps: "Set settings.throttlingRateLimit (requests per second) and settings.throttlingBurstLimit " +
			"(requests) on the MethodSettings with methodPath \"*/*\", and on each per-method MethodSettings.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "apigateway", "availability"},
		Framework:        hipaaControl("164.308(a)(7)(i)", "Contingency plan"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayMethodSettings},
		ValidateResource: validateAPIGatewayMethodThrottling,
	}
}

func validateAPIGatewayMethodThrottling(_ context.Context, check *pack.ResourceCheck) error {
	for _, name := range throttlingSettings {
		path := "settings." + name
		value := propertyAt(check.Resource.Properties, "settings", name)
		if !check.Known(path, value) {
			continue
		}
		if limit, ok := numberValue(value); !ok || limit < 0 {
			check.Report("%s is %s, so throttling is off for these methods, expected a limit of 0 or more.",
				path, describeValue(value))
		}
	}
	return nil
}
