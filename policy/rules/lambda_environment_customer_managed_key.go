package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaEnvironmentCustomerManagedKey is the name of the policy that recommends a customer
// managed key for Lambda environment variables.
const PolicyLambdaEnvironmentCustomerManagedKey = "lambda-environment-customer-managed-key"

// newLambdaEnvironmentCustomerManagedKey returns the policy that checks kmsKeyArn on a function with
// environment variables. Without kmsKeyArn, Lambda encrypts them with the AWS managed key aws/lambda.
//
// NOTE: it is disabled because the platform's function component does not set kmsKeyArn yet, so
// every platform function with environment variables would fail it.
func newLambdaEnvironmentCustomerManagedKey() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaEnvironmentCustomerManagedKey,
		Description: "Lambda functions with environment variables should encrypt them with a customer managed KMS key.",
		Rationale: "With the AWS managed key aws/lambda, every principal of the account that can read the " +
			"function's configuration (lambda:GetFunctionConfiguration) sees the variables in plain text. A " +
			"customer managed key adds a key policy that names who may decrypt them.",
		RemediationSteps: "Create a KMS key with rotation enabled, let the function's execution role use it " +
			"(kms:Decrypt), and set the function's kmsKeyArn to its ARN.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "lambda", "encryption", tagHIPAA + "164.312(a)(2)(iv)"},
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaEnvironmentCustomerManagedKey,
	}
}

func validateLambdaEnvironmentCustomerManagedKey(_ context.Context, check *pack.ResourceCheck) error {
	const variablesPath = "environment.variables"
	variables := propertyAt(check.Resource.Properties, "environment", "variables")
	if !check.Known(variablesPath, variables) {
		return nil
	}
	if object, ok := mapValue(variables); !ok || object.Len() == 0 {
		return nil
	}

	key := check.Resource.Properties.Get("kmsKeyArn")
	if !check.Known("kmsKeyArn", key) {
		return nil
	}
	if !isSetString(key) {
		check.Report("kmsKeyArn is %s on a function with environment variables, expected the ARN of a customer "+
			"managed KMS key.", describeValue(key))
	}
	return nil
}
