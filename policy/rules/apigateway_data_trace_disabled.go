package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayDataTraceDisabled is the name of the policy that rejects full request and
// response logging in API Gateway.
const PolicyAPIGatewayDataTraceDisabled = "apigateway-data-trace-disabled"

// newAPIGatewayDataTraceDisabled returns the policy that checks settings.dataTraceEnabled of method
// settings. A missing value passes, because API Gateway's default is off.
func newAPIGatewayDataTraceDisabled() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayDataTraceDisabled,
		Description: "API Gateway method settings should not log full requests and responses (data trace).",
		Rationale: "Data trace writes request and response bodies and headers to CloudWatch Logs, including " +
			"tokens, cookies and personal data, where everyone who can read the log group sees them.",
		RemediationSteps: "Set settings.dataTraceEnabled to false, and use loggingLevel ERROR or INFO with a " +
			"structured access log instead.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "logging", "secrets", tagHIPAA + "164.312(a)(1)"},
			withPrefix(tagCheckov, "CKV_AWS_276"),
		),
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeAPIGatewayMethodSettings},
		ValidateResource: validateAPIGatewayDataTraceDisabled,
	}
}

func validateAPIGatewayDataTraceDisabled(_ context.Context, check *pack.ResourceCheck) error {
	trace := propertyAt(check.Resource.Properties, "settings", "dataTraceEnabled")
	if !check.Known("settings.dataTraceEnabled", trace) {
		return nil
	}
	if enabled, _ := boolValue(trace); enabled {
		check.Report("settings.dataTraceEnabled is true, expected false.")
	}
	return nil
}
