package rules

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayAccessLogFormat is the name of the policy that requires a JSON access log format
// with the fields an investigation needs.
const PolicyAPIGatewayAccessLogFormat = "apigateway-access-log-format"

// accessLogField is a field that an access log entry must carry, and the $context variables that
// supply it. Any one of the variables satisfies the field.
type accessLogField struct {
	name      string
	variables []string
}

// requiredAccessLogFields are the fields that an access log entry must carry to trace a request to its
// caller, its outcome and its duration.
var requiredAccessLogFields = []accessLogField{
	{"request id", []string{"$context.requestId", "$context.extendedRequestId"}},
	{"caller", []string{"$context.identity.sourceIp", "$context.identity.caller", "$context.identity.user",
		"$context.authorizer.claims.sub", "$context.authorizer.principalId"}},
	{"status", []string{"$context.status"}},
	{"latency", []string{"$context.responseLatency", "$context.integrationLatency", "$context.integration.latency"}},
}

// newAPIGatewayAccessLogFormat returns the policy that checks accessLogSettings.format on a stage. A
// stage without access logs is left to apigateway-stage-access-logging.
func newAPIGatewayAccessLogFormat() *pack.Policy {
	return &pack.Policy{
		Name: PolicyAPIGatewayAccessLogFormat,
		Description: "API Gateway access logs should be JSON with the request id, the caller, the status and " +
			"the latency.",
		Rationale: "CloudWatch Logs Insights and the log subscriptions of a SIEM parse JSON entries into fields. " +
			"Without the request id an entry cannot be joined to the execution and function logs, and without " +
			"the caller, status and latency it cannot show who made a failed or slow request.",
		RemediationSteps: "Set accessLogSettings.format on the stage to one JSON object whose values include " +
			"$context.requestId, $context.identity.sourceIp, $context.status and $context.responseLatency.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "apigateway", "logging", tagHIPAA + "164.312(b)"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayStage},
		ValidateResource: validateAPIGatewayAccessLogFormat,
	}
}

func validateAPIGatewayAccessLogFormat(_ context.Context, check *pack.ResourceCheck) error {
	const path = "accessLogSettings.format"
	settings := check.Resource.Properties.Get("accessLogSettings")
	if settings.IsNull() {
		return nil
	}
	format := propertyAt(check.Resource.Properties, "accessLogSettings", "format")
	if !check.Known(path, format) {
		return nil
	}

	text, _ := stringValue(format)
	var entry map[string]any
	if err := json.Unmarshal([]byte(text), &entry); err != nil {
		check.Report("%s is not a JSON object (%s), expected a JSON format with the request id, caller, status and "+
			"latency.", path, strings.TrimPrefix(err.Error(), "json: "))
		return nil
	}

	var values []string
	for _, value := range entry {
		if text, ok := value.(string); ok {
			values = append(values, text)
		}
	}
	var missing []string
	for _, field := range requiredAccessLogFields {
		found := slices.ContainsFunc(field.variables, func(variable string) bool {
			return slices.ContainsFunc(values, func(value string) bool { return strings.Contains(value, variable) })
		})
		if !found {
			missing = append(missing, field.name+" ("+field.variables[0]+")")
		}
	}
	if len(missing) > 0 {
		check.Report("%s has no field for the %s, expected each of them in the JSON entry.", path,
			strings.Join(missing, ", "))
	}
	return nil
}
