package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaFunctionReservedConcurrency is the name of the policy that requires reserved
// concurrency on Lambda functions.
const PolicyLambdaFunctionReservedConcurrency = "lambda-function-reserved-concurrency"

// newLambdaFunctionReservedConcurrency returns the policy that checks reservedConcurrentExecutions on
// a function. The provider stores -1 when the function is unreserved.
//
// NOTE: it is disabled because the dev stack leaves its functions unreserved, and reserving
// concurrency takes it away from the account's other functions, so the right value depends on the
// account's quota.
func newLambdaFunctionReservedConcurrency() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaFunctionReservedConcurrency,
		Description: "Lambda functions should reserve concurrency, which also caps how many instances run at once.",
		Rationale: "An unreserved function shares the account's regional concurrency with every other function. " +
			"A flood of requests to one function can then throttle the others, and nothing caps the cost or the " +
			"load it puts on the services it calls.",
		RemediationSteps: "Set reservedConcurrentExecutions on the function to the largest number of instances it " +
			"should run at once (0 stops all invocations).",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "lambda", "availability"},
		Framework:        hipaaControl("164.308(a)(7)(i)", "Contingency plan"),
		Waivable:         true,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaFunctionReservedConcurrency,
	}
}

func validateLambdaFunctionReservedConcurrency(_ context.Context, check *pack.ResourceCheck) error {
	const path = "reservedConcurrentExecutions"
	reserved := check.Resource.Properties.Get(path)
	if !check.Known(path, reserved) {
		return nil
	}
	if count, ok := numberValue(reserved); !ok || count < 0 {
		check.Report("%s is %s, so the function is unreserved, expected a reserved count of 0 or more.", path, describeValue(reserved))
	}
	return nil
}
