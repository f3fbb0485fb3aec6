package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCognitoUserPoolThreatProtection is the name of the policy that requires Cognito threat
// protection in enforced mode.
const PolicyCognitoUserPoolThreatProtection = "cognito-user-pool-threat-protection"

// newCognitoUserPoolThreatProtection returns the policy that checks
// userPoolAddOns.advancedSecurityMode on a user pool.
//
// NOTE: it is disabled because threat protection needs the Plus feature plan, which the
// authFeaturePlan setting chooses per stack, and the dev stack uses ESSENTIALS. A stack on the Plus
// plan enables it through the pack configuration.
func newCognitoUserPoolThreatProtection() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCognitoUserPoolThreatProtection,
		Description: "Cognito user pools should enforce threat protection (advancedSecurityMode ENFORCED).",
		Rationale: "Enforced threat protection scores each sign-in for risk, such as a new device, location or " +
			"IP address or a password found in a public leak, and blocks it or asks for MFA. In AUDIT mode it " +
			"only logs the risk.",
		RemediationSteps: "Choose the Plus feature plan (userPoolTier \"PLUS\") and set " +
			"userPoolAddOns.advancedSecurityMode on the user pool to \"ENFORCED\".",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cognito", "authentication", tagHIPAA + "164.308(a)(5)(ii)(C)"},
		Framework:        hipaaControl("164.308(a)(5)(ii)(C)", "Log-in monitoring"),
		Waivable:         true,
		ResourceTypes:    []string{typeCognitoUserPool},
		ValidateResource: validateCognitoUserPoolThreatProtection,
	}
}

func validateCognitoUserPoolThreatProtection(_ context.Context, check *pack.ResourceCheck) error {
	const path = "userPoolAddOns.advancedSecurityMode"
	mode := propertyAt(check.Resource.Properties, "userPoolAddOns", "advancedSecurityMode")
	if !check.Known(path, mode) {
		return nil
	}
	if value, _ := stringValue(mode); value != "ENFORCED" {
		check.Report("%s is %s, expected \"ENFORCED\".", path, describeValue(mode))
	}
	return nil
}
