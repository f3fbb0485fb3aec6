package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayStageAccessLogging is the name of the policy that requires access logs for REST API
// stages.
const PolicyAPIGatewayStageAccessLogging = "apigateway-stage-access-logging"

// newAPIGatewayStageAccessLogging returns the policy that requires each REST API stage to send access
// logs to a destination. The destination's ARN is usually unknown until the log group exists, so a
// preview reports it as not checked yet.
func newAPIGatewayStageAccessLogging() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayStageAccessLogging,
		Description: "API Gateway REST API stages must send access logs to a log destination.",
		Rationale: "Access logs record every request to the API with the caller, status and latency. Without " +
			"them, abuse of the API, a leaked token or a failing client cannot be traced to its requests.",
		RemediationSteps: "Set accessLogSettings.destinationArn on the stage to the ARN of a CloudWatch Logs log " +
			"group with a retention period (or a Firehose stream whose name starts with \"amazon-apigateway-\"), " +
			"and accessLogSettings.format to a JSON format with $context.requestId.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.2.1"},
			withPrefix(tagCheckov, "CKV_AWS_76"),
			withPrefix(tagCDKNag, "AwsSolutions-APIG1", "APIGWAccessLogging"),
		),
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayStage},
		ValidateResource: validateAPIGatewayStageAccessLogging,
	}
}

func validateAPIGatewayStageAccessLogging(_ context.Context, check *pack.ResourceCheck) error {
	destination := propertyAt(check.Resource.Properties, "accessLogSettings", "destinationArn")
	if !check.Known("accessLogSettings.destinationArn", destination) {
		return nil
	}

	if !isSetString(destination) {
		check.Report("accessLogSettings.destinationArn is %s, expected the ARN of a log group or Firehose stream.",
			describeValue(destination))
	}
	return nil
}
