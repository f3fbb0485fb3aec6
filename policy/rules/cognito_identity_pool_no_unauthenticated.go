package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCognitoIdentityPoolNoUnauthenticated is the name of the policy that rejects identity pools
// that hand out credentials to unauthenticated identities.
const PolicyCognitoIdentityPoolNoUnauthenticated = "cognito-identity-pool-no-unauthenticated"

// newCognitoIdentityPoolNoUnauthenticated returns the policy that guards identity pools against guest
// access. allowUnauthenticatedIdentities defaults to false, so a pool without it passes.
func newCognitoIdentityPoolNoUnauthenticated() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCognitoIdentityPoolNoUnauthenticated,
		Description: "Cognito identity pools must not allow unauthenticated identities.",
		Rationale: "An identity pool that allows unauthenticated identities gives AWS credentials for its " +
			"unauthenticated role to anyone who knows the pool ID, which ships inside every web and mobile client.",
		RemediationSteps: "Set allowUnauthenticatedIdentities to false, and serve public content through " +
			"CloudFront or a public API method instead of AWS credentials.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cognito", "public-exposure", tagHIPAA + "164.312(d)"},
			withPrefix(tagCheckov, "CKV_AWS_366"),
			withPrefix(tagCDKNag, "AwsSolutions-COG7"),
		),
		Framework:        hipaaControl("164.312(d)", "Person or entity authentication"),
		ResourceTypes:    []string{typeCognitoIdentityPool},
		ValidateResource: validateCognitoIdentityPoolNoUnauthenticated,
	}
}

func validateCognitoIdentityPoolNoUnauthenticated(_ context.Context, check *pack.ResourceCheck) error {
	allowed := check.Resource.Properties.Get("allowUnauthenticatedIdentities")
	if !check.Known("allowUnauthenticatedIdentities", allowed) {
		return nil
	}

	if value, _ := boolValue(allowed); value {
		check.Report("allowUnauthenticatedIdentities is true, expected false.")
	}
	return nil
}
