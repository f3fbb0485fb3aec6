package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyIAMAccountPasswordPolicy is the name of the policy that checks the IAM account password
// policy.
const PolicyIAMAccountPasswordPolicy = "iam-account-password-policy"

// Minimums of iam-account-password-policy, as the CIS AWS Foundations Benchmark recommends them: a
// length of 14 and no reuse of the last 24 passwords.
const (
	minIAMPasswordLength          = 14
	minIAMPasswordReusePrevention = 24
)

// iamPasswordCharacterClasses are the AccountPasswordPolicy properties that require a character class.
var iamPasswordCharacterClasses = []string{
	"requireLowercaseCharacters", "requireUppercaseCharacters", "requireNumbers", "requireSymbols",
}

// newIAMAccountPasswordPolicy returns the policy that checks length, reuse prevention and character
// classes of an AccountPasswordPolicy. The platform itself creates no IAM users, so the resource
// belongs to an account baseline stack.
func newIAMAccountPasswordPolicy() *pack.Policy {
	return &pack.Policy{
		Name: PolicyIAMAccountPasswordPolicy,
		Description: "The IAM account password policy should require 14 characters, all four character classes " +
			"and prevent reuse of the last 24 passwords.",
		Rationale: "IAM users who sign in to the console with a password can reach every resource their " +
			"policies allow. Short or reused passwords fall to guessing and to credentials leaked elsewhere.",
		RemediationSteps: "Set minimumPasswordLength to 14 or more, passwordReusePrevention to 24, and " +
			"requireLowercaseCharacters, requireUppercaseCharacters, requireNumbers and requireSymbols to true.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "iam", "authentication", tagHIPAA + "164.308(a)(5)(ii)(D)", tagPCI + "8.2.3"},
		Framework:        hipaaControl("164.308(a)(5)(ii)(D)", "Password management"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeIAMAccountPasswordPolicy},
		ValidateResource: validateIAMAccountPasswordPolicy,
	}
}

func validateIAMAccountPasswordPolicy(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	minimums := []struct {
		property string
		minimum  float64
	}{
		{"minimumPasswordLength", minIAMPasswordLength},
		{"passwordReusePrevention", minIAMPasswordReusePrevention},
	}
	for _, setting := range minimums {
		value := props.Get(setting.property)
		if !check.Known(setting.property, value) {
			continue
		}
		if number, ok := numberValue(value); !ok || number < setting.minimum {
			check.Report("%s is %s, expected at least %g.", setting.property, describeValue(value), setting.minimum)
		}
	}

	for _, class := range iamPasswordCharacterClasses {
		value := props.Get(class)
		if !check.Known(class, value) {
			continue
		}
		if required, _ := boolValue(value); !required {
			check.Report("%s is %s, expected true.", class, describeValue(value))
		}
	}
	return nil
}
