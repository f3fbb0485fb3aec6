package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCognitoUserPoolDeletionProtection is the name of the policy that recommends deletion
// protection on user pools.
const PolicyCognitoUserPoolDeletionProtection = "cognito-user-pool-deletion-protection"

// newCognitoUserPoolDeletionProtection returns the policy that checks a user pool's deletion
// protection. Deleting a user pool deletes every user and cannot be undone.
func newCognitoUserPoolDeletionProtection() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCognitoUserPoolDeletionProtection,
		Description: "Cognito user pools should have deletion protection ACTIVE.",
		Rationale: "Deleting a user pool deletes every user, password and MFA factor, and AWS cannot restore " +
			"them. Deletion protection makes a delete fail until someone turns it off on purpose.",
		RemediationSteps: "Set deletionProtection to \"ACTIVE\". Turn it off in a separate update before you " +
			"really delete the pool.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cognito", "availability", tagHIPAA + "164.308(a)(7)(ii)(A)"},
		Framework:        hipaaControl("164.308(a)(7)(ii)(A)", "Data backup plan"),
		Waivable:         true,
		ResourceTypes:    []string{typeCognitoUserPool},
		ValidateResource: validateCognitoUserPoolDeletionProtection,
	}
}

func validateCognitoUserPoolDeletionProtection(_ context.Context, check *pack.ResourceCheck) error {
	protection := check.Resource.Properties.Get("deletionProtection")
	if !check.Known("deletionProtection", protection) {
		return nil
	}
	if value, _ := stringValue(protection); value != "ACTIVE" {
		check.Report("deletionProtection is %s, expected \"ACTIVE\".", describeValue(protection))
	}
	return nil
}
