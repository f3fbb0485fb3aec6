package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayAPIKeyUsagePlan is the name of the stack policy that requires every API Gateway API
// key to be in a usage plan.
const PolicyAPIGatewayAPIKeyUsagePlan = "apigateway-api-key-usage-plan"

// usagePlanKeyJoin finds the usage plan keys of an API key, whose keyId is the key's id. The id is the
// part of the key's arn after the last "/", as in arn:aws:apigateway:eu-west-1::/apikeys/abc123.
var usagePlanKeyJoin = siblingJoin{
	siblingTypes: []string{typeAPIGatewayUsagePlanKey},
	property:     "keyId",
	idInARN:      true,
}

// newAPIGatewayAPIKeyUsagePlan returns the stack policy that requires each ApiKey to be added to a usage
// plan by a UsagePlanKey. The API component adds each client's key to one plan, and the policy stays
// advisory like apigateway-usage-plan-limits.
func newAPIGatewayAPIKeyUsagePlan() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayAPIKeyUsagePlan,
		Description: "API Gateway API keys should be added to a usage plan.",
		Rationale: "The usage plan sets the throttle and quota of the clients that use its keys. A key outside " +
			"every plan is either unused, and only one more credential to leak, or was meant to be limited and " +
			"is not.",
		RemediationSteps: "Add a UsagePlanKey whose keyId is the ApiKey's id, keyType is \"API_KEY\" and " +
			"usagePlanId is a UsagePlan with throttle and quota settings, or delete the unused ApiKey.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "apigateway", "availability"},
		Framework:        hipaaControl("164.308(a)(7)(i)", "Contingency plan"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayAPIKey},
		ValidateStack:    validateAPIGatewayAPIKeyUsagePlan,
	}
}

func validateAPIGatewayAPIKeyUsagePlan(_ context.Context, check *pack.StackCheck) error {
	for _, key := range missingSiblings(check, check.OfType(typeAPIGatewayAPIKey), usagePlanKeyJoin) {
		check.Report(key, "no %s has keyId set to this API key, expected one that adds the key to a usage plan.",
			typeAPIGatewayUsagePlanKey)
	}
	return nil
}
