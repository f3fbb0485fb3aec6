package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaFunctionURLAuth is the name of the policy that rejects function URLs without
// authentication.
const PolicyLambdaFunctionURLAuth = "lambda-function-url-auth"

// newLambdaFunctionURLAuth returns the policy that guards function URLs against public, unauthenticated
// endpoints. authorizationType is a required argument, so a missing value is reported too.
func newLambdaFunctionURLAuth() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaFunctionURLAuth,
		Description: "Lambda function URLs must require IAM authentication.",
		Rationale: "A function URL with authorizationType NONE is a public HTTPS endpoint: anyone who finds the " +
			"URL can invoke the function, with no authorizer, WAF or throttling in front of it.",
		RemediationSteps: "Set authorizationType to \"AWS_IAM\" and sign the callers' requests, or serve the " +
			"function through API Gateway with an authorizer instead of a function URL.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags: slices.Concat(
			[]string{"aws", "lambda", "public-exposure", tagHIPAA + "164.312(d)"},
			withPrefix(tagCheckov, "CKV_AWS_258"),
			withPrefix(tagCDKNag, "LambdaFunctionUrlAuth"),
		),
		Framework:        hipaaControl("164.312(d)", "Person or entity authentication"),
		ResourceTypes:    []string{typeLambdaFunctionURL},
		ValidateResource: validateLambdaFunctionURLAuth,
	}
}

func validateLambdaFunctionURLAuth(_ context.Context, check *pack.ResourceCheck) error {
	authorization := check.Resource.Properties.Get("authorizationType")
	if !check.Known("authorizationType", authorization) {
		return nil
	}

	if value, _ := stringValue(authorization); value != "AWS_IAM" {
		check.Report("authorizationType is %s, expected \"AWS_IAM\".", describeValue(authorization))
	}
	return nil
}
