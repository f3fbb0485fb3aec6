package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCognitoUserPoolPasswordPolicy is the name of the policy that requires a strong password policy
// for Cognito user pools.
const PolicyCognitoUserPoolPasswordPolicy = "cognito-user-pool-password-policy"

// ConfigMinimumPasswordLength is the config property of cognito-user-pool-password-policy that sets
// the shortest minimum password length that the policy accepts.
const ConfigMinimumPasswordLength = "minimumPasswordLength"

// DefaultMinimumPasswordLength is the shortest accepted minimum password length when the pack config
// does not set minimumPasswordLength. It is also the length that Cognito requires when a user pool has
// no password policy.
const DefaultMinimumPasswordLength = 8

// Bounds of minimumLength that Cognito accepts.
const (
	cognitoMinimumPasswordLength = 6
	cognitoMaximumPasswordLength = 99
)

// passwordCharacterClasses are the passwordPolicy settings that require a character class each.
var passwordCharacterClasses = []string{"requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"}

// newCognitoUserPoolPasswordPolicy returns the policy that guards user pools against weak passwords. A
// pool without passwordPolicy gets Cognito's default policy, which requires 8 characters and all four
// character classes, so it passes unless the config sets a minimum above 8 characters. In a
// passwordPolicy block, a character class that is not set is not required, as in the Cognito API.
func newCognitoUserPoolPasswordPolicy() *pack.Policy {
	return &pack.Policy{
		Name: PolicyCognitoUserPoolPasswordPolicy,
		Description: "Cognito user pools must require passwords of at least the configured length with lower " +
			"and upper case letters, numbers and symbols.",
		Rationale: "Short passwords and passwords from one character class fall to guessing and credential " +
			"stuffing, and the user pool is the front door to every user's files.",
		RemediationSteps: "Set passwordPolicy on the user pool with minimumLength of at least minimumPasswordLength " +
			"(8 unless the pack config sets it) and requireLowercase, requireUppercase, requireNumbers and " +
			"requireSymbols set to true.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cognito", "authentication", tagHIPAA + "164.308(a)(5)(ii)(D)", tagPCI + "8.2.3"},
			withPrefix(tagCDKNag, "AwsSolutions-COG1"),
		),
		Framework:     pciControl("8.2.3", "Passwords require a minimum length and both numeric and alphabetic characters"),
		Waivable:      true,
		ResourceTypes: []string{typeCognitoUserPool},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigMinimumPasswordLength: {
					"type":        "integer",
					"minimum":     cognitoMinimumPasswordLength,
					"maximum":     cognitoMaximumPasswordLength,
					"default":     DefaultMinimumPasswordLength,
					"description": "Shortest accepted passwordPolicy.minimumLength of a user pool, in characters.",
				},
			},
		},
		ValidateResource: validateCognitoUserPoolPasswordPolicy,
	}
}

func validateCognitoUserPoolPasswordPolicy(_ context.Context, check *pack.ResourceCheck) error {
	minimum, err := intConfig(check.Config, PolicyCognitoUserPoolPasswordPolicy, ConfigMinimumPasswordLength,
		DefaultMinimumPasswordLength, cognitoMinimumPasswordLength, cognitoMaximumPasswordLength)
	if err != nil {
		return err
	}

	policy := check.Resource.Properties.Get("passwordPolicy")
	if !check.Known("passwordPolicy", policy) {
		return nil
	}
	if policy.IsNull() {
		if minimum > DefaultMinimumPasswordLength {
			check.Report("passwordPolicy is not set, so Cognito requires %d characters, expected a minimumLength "+
				"of at least %d.", DefaultMinimumPasswordLength, minimum)
		}
		return nil
	}

	length := valueAt(policy, "minimumLength")
	if check.Known("passwordPolicy.minimumLength", length) {
		if value, ok := numberValue(length); !ok || value < float64(minimum) {
			check.Report("passwordPolicy.minimumLength is %s, expected at least %d.", describeValue(length), minimum)
		}
	}
	for _, class := range passwordCharacterClasses {
		path := "passwordPolicy." + class
		required := valueAt(policy, class)
		if !check.Known(path, required) {
			continue
		}
		if value, _ := boolValue(required); !value {
			check.Report("%s is %s, expected true.", path, describeValue(required))
		}
	}
	return nil
}
