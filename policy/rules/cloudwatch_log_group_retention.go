package rules

import (
	"context"
	"fmt"
	"math"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudWatchLogGroupRetention is the name of the policy that requires a bounded log
// retention.
const PolicyCloudWatchLogGroupRetention = "cloudwatch-log-group-retention"

// ConfigMinimumRetentionDays is the configuration property of cloudwatch-log-group-retention that
// sets the shortest retention, in days, that the policy accepts.
const ConfigMinimumRetentionDays = "minimumRetentionDays"

// DefaultMinimumRetentionDays is the minimum retention in days when the pack configuration does not
// set minimumRetentionDays.
const DefaultMinimumRetentionDays = 7

// newCloudWatchLogGroupRetention returns the policy that guards log groups against unbounded and too
// short retention.
func newCloudWatchLogGroupRetention() *pack.Policy {
	return &pack.Policy{
		Name: PolicyCloudWatchLogGroupRetention,
		Description: "CloudWatch log groups must set a retention period of at least the configured minimum, " +
			"so that log events neither expire too early nor stay forever.",
		Rationale: "A log group without retentionInDays, or with 0, keeps its events forever. Lambda logs can " +
			"contain personal data, and keeping it without limit conflicts with the storage limitation principle " +
			"of the GDPR (Article 5(1)(e)). A retention below the configured minimum loses the audit trail too early.",
		RemediationSteps: "Set retentionInDays on the log group to a value CloudWatch accepts that is at least " +
			"minimumRetentionDays (7 unless the pack config sets it), such as 30 or 365.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cloudwatch", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.7"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudWatchLogGroup},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigMinimumRetentionDays: {
					"type":        "integer",
					"minimum":     1,
					"default":     DefaultMinimumRetentionDays,
					"description": "Shortest accepted retentionInDays of a log group, in days.",
				},
			},
		},
		ValidateResource: validateCloudWatchLogGroupRetention,
	}
}

func validateCloudWatchLogGroupRetention(_ context.Context, check *pack.ResourceCheck) error {
	minimum, err := minimumRetentionDays(check.Config)
	if err != nil {
		return err
	}

	retention := check.Resource.Properties.Get("retentionInDays")
	if !check.Known("retentionInDays", retention) {
		return nil
	}

	days, _ := numberValue(retention)
	switch {
	case days == 0:
		check.Report("retentionInDays is %s, so log events never expire, expected at least %d days.",
			describeValue(retention), minimum)
	case days < float64(minimum):
		check.Report("retentionInDays is %s, expected at least %d days.", describeValue(retention), minimum)
	}
	return nil
}

// minimumRetentionDays reads minimumRetentionDays from the policy configuration, where the server
// stores JSON numbers as float64. It returns DefaultMinimumRetentionDays when the property is not
// set, and an error for anything but a whole number of at least 1.
func minimumRetentionDays(config map[string]any) (int, error) {
	raw, ok := config[ConfigMinimumRetentionDays]
	if !ok || raw == nil {
		return DefaultMinimumRetentionDays, nil
	}

	var days float64
	switch raw := raw.(type) {
	case float64:
		days = raw
	case int:
		days = float64(raw)
	default:
		days = math.NaN()
	}
	if !(days >= 1 && days <= math.MaxInt32 && days == math.Trunc(days)) {
		return 0, fmt.Errorf("invalid %s %#v for policy %s: set a whole number of days of at least 1",
			ConfigMinimumRetentionDays, raw, PolicyCloudWatchLogGroupRetention)
	}
	return int(days), nil
}
