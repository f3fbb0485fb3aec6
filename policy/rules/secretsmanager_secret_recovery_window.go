package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySecretsManagerSecretRecoveryWindow is the name of the policy that keeps a recovery window on
// Secrets Manager secrets.
const PolicySecretsManagerSecretRecoveryWindow = "secretsmanager-secret-recovery-window"

// newSecretsManagerSecretRecoveryWindow returns the policy that checks recoveryWindowInDays on a
// secret. When the property is not set, Secrets Manager keeps a deleted secret for 30 days.
//
// NOTE: it is disabled because the edge's origin verification secret sets 0 on purpose. Its name is
// fixed, and Secrets Manager rejects a new secret whose name is still scheduled for deletion. Nothing is
// lost, because the first rotation gives a new secret a new value. Enabling the policy needs an
// exception for that secret.
func newSecretsManagerSecretRecoveryWindow() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySecretsManagerSecretRecoveryWindow,
		Description: "Secrets Manager secrets should keep a recovery window, so that a deleted secret can be restored.",
		Rationale: "With recoveryWindowInDays 0, deleting the secret, including a stack destroy or a replacement, " +
			"removes it at once. The services that read it fail until a new value is issued, and the old value " +
			"cannot be restored.",
		RemediationSteps: "Leave recoveryWindowInDays unset (30 days) or set it to a value from 7 to 30.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "secretsmanager", "availability"},
		Framework:        hipaaControl("164.308(a)(7)(ii)(A)", "Data backup plan"),
		Waivable:         true,
		ResourceTypes:    []string{typeSecretsManagerSecret},
		ValidateResource: validateSecretsManagerSecretRecoveryWindow,
	}
}

func validateSecretsManagerSecretRecoveryWindow(_ context.Context, check *pack.ResourceCheck) error {
	window := check.Resource.Properties.Get("recoveryWindowInDays")
	if !check.Known("recoveryWindowInDays", window) {
		return nil
	}
	if days, ok := numberValue(window); ok && days == 0 {
		check.Report("recoveryWindowInDays is 0, so a deleted secret cannot be restored, expected unset (30 days) or 7 to 30 days.")
	}
	return nil
}
