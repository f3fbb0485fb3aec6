package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaFunctionLogGroupManaged is the name of the stack policy that requires each function's
// log group to be a resource of the stack.
const PolicyLambdaFunctionLogGroupManaged = "lambda-function-log-group-managed"

// lambdaDefaultLogGroupPrefix starts the name of the log group that Lambda writes to when the function
// sets no loggingConfig.logGroup: /aws/lambda/<function name>.
const lambdaDefaultLogGroupPrefix = "/aws/lambda/"

// newLambdaFunctionLogGroupManaged returns the stack policy that requires, for each function, a
// LogGroup in the stack that the function writes to: the group named by loggingConfig.logGroup, or
// /aws/lambda/<name> without it. cloudwatch-log-group-retention and cloudwatch-log-group-encrypted
// then judge that group's retention and key.
func newLambdaFunctionLogGroupManaged() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaFunctionLogGroupManaged,
		Description: "Lambda functions should write to a log group that the stack creates.",
		Rationale: "When the stack does not create the function's log group, Lambda creates it on the first " +
			"invocation with no retention and no KMS key, so the logs, which can contain personal data, are " +
			"kept forever and none of the pack's log group policies ever sees the group.",
		RemediationSteps: "Create a LogGroup with a retention and a KMS key in the stack, and set the function's " +
			"loggingConfig.logGroup to its name (or name it /aws/lambda/<function name>).",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "lambda", "logging", tagHIPAA + "164.312(b)"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeLambdaFunction, typeCloudWatchLogGroup},
		ValidateStack:    validateLambdaFunctionLogGroupManaged,
	}
}

func validateLambdaFunctionLogGroupManaged(_ context.Context, check *pack.StackCheck) error {
	logGroups := check.OfType(typeCloudWatchLogGroup)
	var groupNames []string
	for _, group := range logGroups {
		if name, ok := stringValue(group.Properties.Get("name")); ok && name != "" {
			groupNames = append(groupNames, name)
		}
	}

	for _, function := range check.OfType(typeLambdaFunction) {
		if slices.ContainsFunc(logGroups, func(group pack.Resource) bool {
			return slices.Contains(function.PropertyDependencies["loggingConfig"], group.URN)
		}) {
			continue
		}

		const logGroupPath = "loggingConfig.logGroup"
		target := propertyAt(function.Properties, "loggingConfig", "logGroup")
		if target.IsComputed() {
			check.Unknown(function, logGroupPath)
			continue
		}
		name, _ := stringValue(target)
		if name == "" {
			functionName := function.Properties.Get("name")
			if functionName.IsComputed() {
				check.Unknown(function, "name")
				continue
			}
			text, _ := stringValue(functionName)
			name = lambdaDefaultLogGroupPrefix + text
		}
		if !slices.Contains(groupNames, name) {
			check.Report(function, "the function writes to log group %q, which no %s of the stack creates, expected "+
				"the stack to create it with a retention and a KMS key.", name, typeCloudWatchLogGroup)
		}
	}
	return nil
}
