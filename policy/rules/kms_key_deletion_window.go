package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyKMSKeyDeletionWindow is the name of the policy that requires a long KMS key deletion window.
const PolicyKMSKeyDeletionWindow = "kms-key-deletion-window"

// ConfigMinimumDeletionWindowDays is the configuration property of kms-key-deletion-window that sets
// the shortest accepted deletion window, in days.
const ConfigMinimumDeletionWindowDays = "minimumDeletionWindowDays"

// DefaultMinimumDeletionWindowDays is the minimum deletion window when the pack configuration does
// not set minimumDeletionWindowDays: 30 days, the longest KMS accepts and its default.
const DefaultMinimumDeletionWindowDays = 30

// kmsDefaultDeletionWindowDays is the window KMS uses when deletionWindowInDays is not set.
const kmsDefaultDeletionWindowDays = 30

// newKMSKeyDeletionWindow returns the policy that checks deletionWindowInDays on a key.
//
// NOTE: it is disabled because the dev stack uses a 7-day window on purpose (kmsKeyDeletionWindowDays).
// A production stack enables it, and a stack with a shorter window sets minimumDeletionWindowDays.
func newKMSKeyDeletionWindow() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyKMSKeyDeletionWindow,
		Description: "KMS keys should keep a deletion window of at least the configured minimum (30 days).",
		Rationale: "Data encrypted under a deleted key is lost for good. The deletion window is the only time in " +
			"which a key scheduled for deletion by mistake or by an attacker can be recovered, and a longer window " +
			"leaves more time to notice the ScheduleKeyDeletion call in CloudTrail and cancel it.",
		RemediationSteps: "Leave deletionWindowInDays unset (30 days) or set it to at least minimumDeletionWindowDays.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "kms", "availability"},
		Framework:        hipaaControl("164.308(a)(7)(ii)(B)", "Disaster recovery plan"),
		Waivable:         true,
		ResourceTypes:    []string{typeKMSKey},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigMinimumDeletionWindowDays: {
					"type": "integer", "minimum": 7, "maximum": 30, "default": DefaultMinimumDeletionWindowDays,
					"description": "Shortest accepted deletionWindowInDays of a KMS key, in days.",
				},
			},
		},
		ValidateResource: validateKMSKeyDeletionWindow,
	}
}

func validateKMSKeyDeletionWindow(_ context.Context, check *pack.ResourceCheck) error {
	minimum, err := intConfig(check.Config, PolicyKMSKeyDeletionWindow, ConfigMinimumDeletionWindowDays,
		DefaultMinimumDeletionWindowDays, 7, 30)
	if err != nil {
		return err
	}

	const path = "deletionWindowInDays"
	window := check.Resource.Properties.Get(path)
	if !check.Known(path, window) {
		return nil
	}
	days, ok := numberValue(window)
	if !ok {
		days = kmsDefaultDeletionWindowDays
	}
	if days < float64(minimum) {
		check.Report("%s is %s, expected at least %d days.", path, describeValue(window), minimum)
	}
	return nil
}
