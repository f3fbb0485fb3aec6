package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaFunctionXRayTracing is the name of the policy that requires active X-Ray tracing on
// Lambda functions.
const PolicyLambdaFunctionXRayTracing = "lambda-function-xray-tracing"

// newLambdaFunctionXRayTracing returns the policy that checks tracingConfig.mode on a function.
//
// NOTE: it is disabled because the platform's function component does not set tracingConfig yet, so
// every platform function would fail it.
func newLambdaFunctionXRayTracing() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaFunctionXRayTracing,
		Description: "Lambda functions should trace requests with AWS X-Ray (tracingConfig.mode Active).",
		Rationale: "With active tracing, each request's path through API Gateway, the function and the AWS " +
			"services it calls is recorded with its latency and errors, so a failure or an unexpected call to " +
			"another service can be traced to the request that caused it.",
		RemediationSteps: "Set tracingConfig.mode on the function to \"Active\" and allow xray:PutTraceSegments and " +
			"xray:PutTelemetryRecords in its execution role (AWSXRayDaemonWriteAccess).",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "lambda", "logging"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaFunctionXRayTracing,
	}
}

func validateLambdaFunctionXRayTracing(_ context.Context, check *pack.ResourceCheck) error {
	const path = "tracingConfig.mode"
	mode := propertyAt(check.Resource.Properties, "tracingConfig", "mode")
	if !check.Known(path, mode) {
		return nil
	}
	if value, _ := stringValue(mode); value != "Active" {
		check.Report("%s is %s, expected \"Active\".", path, describeValue(mode))
	}
	return nil
}
