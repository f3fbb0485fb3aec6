package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayExecutionLogging is the name of the policy that requires execution logging in
// API Gateway method settings.
const PolicyAPIGatewayExecutionLogging = "apigateway-execution-logging"

// newAPIGatewayExecutionLogging returns the policy that checks settings.loggingLevel on every
// MethodSettings.
//
// It checks MethodSettings resources one at a time, so apigateway-stage-method-settings checks that each
// stage has a MethodSettings for "*/*" and that the account's API Gateway CloudWatch role is set.
func newAPIGatewayExecutionLogging() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayExecutionLogging,
		Description: "API Gateway method settings should log execution at level ERROR or INFO.",
		Rationale: "Execution logs record authorizer decisions, integration failures and the errors that API " +
			"Gateway returns, which access logs summarize in one status code. With loggingLevel OFF those " +
			"events are lost for an investigation.",
		RemediationSteps: "Set settings.loggingLevel on the MethodSettings with methodPath \"*/*\" to ERROR (or INFO), " +
			"and set the account's API Gateway CloudWatch role (aws.apigateway.Account cloudwatchRoleArn).",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "apigateway", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.1"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeAPIGatewayMethodSettings},
		ValidateResource: validateAPIGatewayExecutionLogging,
	}
}

func validateAPIGatewayExecutionLogging(_ context.Context, check *pack.ResourceCheck) error {
	const path = "settings.loggingLevel"
	level := propertyAt(check.Resource.Properties, "settings", "loggingLevel")
	if !check.Known(path, level) {
		return nil
	}
	if value, _ := stringValue(level); value != "ERROR" && value != "INFO" {
		check.Report("%s is %s, expected \"ERROR\" or \"INFO\".", path, describeValue(level))
	}
	return nil
}
