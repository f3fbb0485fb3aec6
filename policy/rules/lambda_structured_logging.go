package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyLambdaStructuredLogging is the name of the policy that recommends JSON logs for Lambda
// functions.
const PolicyLambdaStructuredLogging = "lambda-structured-logging"

// newLambdaStructuredLogging returns the policy that checks the log format of Lambda functions.
//
// With logFormat JSON, Lambda writes its platform logs as JSON and applies the application and
// system log levels, so CloudWatch Logs Insights and metric filters can query fields such as the
// request ID. Text logs still work, so the policy is advisory.
func newLambdaStructuredLogging() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyLambdaStructuredLogging, policyx.ResourceValidationPolicyArgs{
		Description:      "Lambda functions should write structured JSON logs.",
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateResource: validateLambdaStructuredLogging,
	})
}

func validateLambdaStructuredLogging(_ context.Context, args policyx.ResourceValidationArgs) error {
	if args.Resource.Type != typeLambdaFunction {
		return nil
	}

	format := propertyAt(args.Resource.Properties, "loggingConfig", "logFormat")
	// An unknown format is known at update time, when the engine validates the resource again.
	if format.IsComputed() {
		return nil
	}

	if value, _ := stringValue(format); value != "JSON" {
		reportViolation(args, "loggingConfig.logFormat is %s, expected \"JSON\".", describeValue(format))
	}
	return nil
}
