package rules

import (
	"context"
	"regexp"
	"strconv"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySecretsManagerSecretRotation is the name of the stack policy that requires rotation of
// Secrets Manager secrets.
const PolicySecretsManagerSecretRotation = "secretsmanager-secret-rotation"

// ConfigMaxRotationDays is the configuration property of secretsmanager-secret-rotation that sets the
// longest accepted rotation interval, in days.
const ConfigMaxRotationDays = "maxRotationDays"

// DefaultMaxRotationDays is the longest rotation interval when the pack configuration does not set
// maxRotationDays.
const DefaultMaxRotationDays = 90

// secretRotationJoin finds the rotation schedule of a secret. secretId takes the secret's ARN or name.
var secretRotationJoin = siblingJoin{
	siblingTypes: []string{typeSecretsManagerSecretRotation}, property: "secretId", targetKeys: []string{"arn", "name"},
}

// rotationRate matches the rate expressions of rotationRules.scheduleExpression, such as "rate(30 days)".
var rotationRate = regexp.MustCompile(`^rate\((\d+) (hours?|days?)\)$`)

// newSecretsManagerSecretRotation returns the stack policy that requires each secret to have a
// SecretRotation, and each SecretRotation to rotate at least every maxRotationDays.
//
// NOTE: a cron scheduleExpression passes unchecked, because its interval depends on the expression's
// fields.
func newSecretsManagerSecretRotation() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySecretsManagerSecretRotation,
		Description: "Secrets Manager secrets should rotate automatically at least every 90 days.",
		Rationale: "A secret that never changes stays valid for as long as a copy of it exists: in a leaked " +
			"log, a former employee's notes or a compromised function's memory. Rotation bounds how long a " +
			"leaked value works.",
		RemediationSteps: "Add a SecretRotation whose secretId is the secret, with a rotation function and " +
			"rotationRules.automaticallyAfterDays (or a rate scheduleExpression) of at most maxRotationDays (90).",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "secretsmanager", "secrets", tagPCI + "8.2.4"},
		Framework:        pciControl("8.2.4", "Change user passwords/passphrases at least once every 90 days"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeSecretsManagerSecret, typeSecretsManagerSecretRotation},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigMaxRotationDays: {
					"type": "integer", "minimum": 1, "maximum": 1000, "default": DefaultMaxRotationDays,
					"description": "Longest accepted rotation interval of a secret, in days.",
				},
			},
		},
		ValidateStack: validateSecretsManagerSecretRotation,
	}
}

func validateSecretsManagerSecretRotation(_ context.Context, check *pack.StackCheck) error {
	maxDays, err := intConfig(check.Config, PolicySecretsManagerSecretRotation, ConfigMaxRotationDays,
		DefaultMaxRotationDays, 1, 1000)
	if err != nil {
		return err
	}

	for _, secret := range missingSiblings(check, check.OfType(typeSecretsManagerSecret), secretRotationJoin) {
		check.Report(secret, "no %s has secretId set to this secret, expected one that rotates it at least "+
			"every %d days.", typeSecretsManagerSecretRotation, maxDays)
	}
	for _, rotation := range check.OfType(typeSecretsManagerSecretRotation) {
		checkRotationInterval(check, rotation, maxDays)
	}
	return nil
}

// checkRotationInterval reports a rotation schedule whose interval is longer than maxDays.
func checkRotationInterval(check *pack.StackCheck, rotation pack.Resource, maxDays int) {
	const daysPath, schedulePath = "rotationRules.automaticallyAfterDays", "rotationRules.scheduleExpression"
	days := propertyAt(rotation.Properties, "rotationRules", "automaticallyAfterDays")
	schedule := propertyAt(rotation.Properties, "rotationRules", "scheduleExpression")
	if days.IsComputed() || schedule.IsComputed() {
		if days.IsComputed() {
			check.Unknown(rotation, daysPath)
		}
		if schedule.IsComputed() {
			check.Unknown(rotation, schedulePath)
		}
		return
	}

	if count, ok := numberValue(days); ok && count > 0 {
		if count > float64(maxDays) {
			check.Report(rotation, "%s is %s, expected at most %d.", daysPath, describeValue(days), maxDays)
		}
		return
	}
	expression, _ := stringValue(schedule)
	match := rotationRate.FindStringSubmatch(expression)
	if match == nil {
		if expression == "" {
			check.Report(rotation, "%s and %s are not set, expected a rotation at least every %d days.",
				daysPath, schedulePath, maxDays)
		}
		return
	}
	amount, _ := strconv.Atoi(match[1])
	intervalDays := float64(amount)
	if match[2] == "hour" || match[2] == "hours" {
		intervalDays /= 24
	}
	if intervalDays > float64(maxDays) {
		check.Report(rotation, "%s is %s, expected a rotation at least every %d days.", schedulePath,
			describeValue(schedule), maxDays)
	}
}
