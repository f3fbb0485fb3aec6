package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaStructuredLogging is the name of the policy that recommends JSON logs for Lambda
// functions.
const PolicyLambdaStructuredLogging = "lambda-structured-logging"

// newLambdaStructuredLogging returns the policy that checks the log format of Lambda functions.
// Text logs still work, so the policy is advisory.
func newLambdaStructuredLogging() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaStructuredLogging,
		Description: "Lambda functions should write structured JSON logs.",
		Rationale: "With logFormat JSON, Lambda writes its platform logs as JSON and applies the application and " +
			"system log levels, so CloudWatch Logs Insights and metric filters can query fields such as the " +
			"request ID.",
		RemediationSteps: "Set loggingConfig.logFormat to \"JSON\" on the function, and log with a JSON logger " +
			"such as log/slog's JSONHandler.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "lambda", "logging"},
		Waivable:         true,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaStructuredLogging,
	}
}

func validateLambdaStructuredLogging(_ context.Context, check *pack.ResourceCheck) error {
	format := propertyAt(check.Resource.Properties, "loggingConfig", "logFormat")
	if !check.Known("loggingConfig.logFormat", format) {
		return nil
	}

	if value, _ := stringValue(format); value != "JSON" {
		check.Report("loggingConfig.logFormat is %s, expected \"JSON\".", describeValue(format))
	}
	return nil
}
