package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCognitoUserPoolAdminCreateOnly is the name of the policy that recommends turning off self
// sign-up in user pools.
const PolicyCognitoUserPoolAdminCreateOnly = "cognito-user-pool-admin-create-only"

// newCognitoUserPoolAdminCreateOnly returns the policy that checks
// adminCreateUserConfig.allowAdminCreateUserOnly. A stack whose product needs public sign-up waives
// it for its user pool.
func newCognitoUserPoolAdminCreateOnly() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCognitoUserPoolAdminCreateOnly,
		Description: "Cognito user pools should let only administrators create users, unless the stack needs self sign-up.",
		Rationale: "With self sign-up on, anyone on the internet can create an account, get tokens and call every " +
			"API route that only checks for a signed-in user.",
		RemediationSteps: "Set adminCreateUserConfig.allowAdminCreateUserOnly to true, or waive this policy for the " +
			"user pool with a reason when the product offers public sign-up.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cognito", "authentication", tagHIPAA + "164.308(a)(4)(ii)(B)"},
		Framework:        hipaaControl("164.308(a)(4)(ii)(B)", "Access authorization"),
		Waivable:         true,
		ResourceTypes:    []string{typeCognitoUserPool},
		ValidateResource: validateCognitoUserPoolAdminCreateOnly,
	}
}

func validateCognitoUserPoolAdminCreateOnly(_ context.Context, check *pack.ResourceCheck) error {
	adminOnly := propertyAt(check.Resource.Properties, "adminCreateUserConfig", "allowAdminCreateUserOnly")
	if !check.Known("adminCreateUserConfig.allowAdminCreateUserOnly", adminOnly) {
		return nil
	}
	if value, _ := boolValue(adminOnly); !value {
		check.Report("adminCreateUserConfig.allowAdminCreateUserOnly is %s, expected true.", describeValue(adminOnly))
	}
	return nil
}
