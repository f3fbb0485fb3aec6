package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCognitoUserPoolMFA is the name of the policy that recommends multi-factor authentication in
// user pools.
const PolicyCognitoUserPoolMFA = "cognito-user-pool-mfa"

// newCognitoUserPoolMFA returns the policy that checks a user pool's MFA setting. OPTIONAL passes only
// with TOTP software tokens enabled, so that every user can turn on a second factor without SMS.
func newCognitoUserPoolMFA() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCognitoUserPoolMFA,
		Description: "Cognito user pools should require MFA, or offer it with TOTP software tokens.",
		Rationale: "A password alone falls to phishing and credential stuffing. With MFA ON, or OPTIONAL with " +
			"TOTP enabled, a stolen password is not enough to sign in.",
		RemediationSteps: "Set mfaConfiguration to \"ON\", or to \"OPTIONAL\" with softwareTokenMfaConfiguration.enabled " +
			"set to true.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "cognito", "authentication", tagHIPAA + "164.312(d)"},
			withPrefix(tagCDKNag, "AwsSolutions-COG2"),
		),
		Framework:        hipaaControl("164.312(d)", "Person or entity authentication"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeCognitoUserPool},
		ValidateResource: validateCognitoUserPoolMFA,
	}
}

func validateCognitoUserPoolMFA(_ context.Context, check *pack.ResourceCheck) error {
	mfa := check.Resource.Properties.Get("mfaConfiguration")
	if !check.Known("mfaConfiguration", mfa) {
		return nil
	}

	switch value, _ := stringValue(mfa); value {
	case "ON":
	case "OPTIONAL":
		totp := propertyAt(check.Resource.Properties, "softwareTokenMfaConfiguration", "enabled")
		if !check.Known("softwareTokenMfaConfiguration.enabled", totp) {
			return nil
		}
		if enabled, _ := boolValue(totp); !enabled {
			check.Report("mfaConfiguration is \"OPTIONAL\" and softwareTokenMfaConfiguration.enabled is %s, "+
				"expected true so that users can add a TOTP factor.", describeValue(totp))
		}
	default:
		check.Report("mfaConfiguration is %s, expected \"ON\" or \"OPTIONAL\" with TOTP enabled.", describeValue(mfa))
	}
	return nil
}
