package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudWatchAlarmActions is the name of the policy that recommends an action on every alarm.
const PolicyCloudWatchAlarmActions = "cloudwatch-alarm-actions"

// newCloudWatchAlarmActions returns the policy that checks that a metric alarm has an alarm action
// and that actions are enabled. actionsEnabled defaults to true, so only an explicit false fails.
func newCloudWatchAlarmActions() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudWatchAlarmActions,
		Description: "CloudWatch metric alarms should have an alarm action, and actions enabled.",
		Rationale: "An alarm without an action changes state in the console and tells no one, so the security " +
			"and error alarms of the platform would go unnoticed.",
		RemediationSteps: "Add an SNS topic (or another target) to alarmActions and remove actionsEnabled: false.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags: slices.Concat(
			[]string{"aws", "cloudwatch", "monitoring", tagHIPAA + "164.312(b)"},
			withPrefix(tagCheckov, "CKV_AWS_319"),
			withPrefix(tagCDKNag, "CloudWatchAlarmAction"),
		),
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudWatchMetricAlarm},
		ValidateResource: validateCloudWatchAlarmActions,
	}
}

func validateCloudWatchAlarmActions(_ context.Context, check *pack.ResourceCheck) error {
	properties := check.Resource.Properties
	enabled := properties.Get("actionsEnabled")
	actions := properties.Get("alarmActions")
	if !check.Known("actionsEnabled", enabled) || !check.Known("alarmActions", actions) {
		return nil
	}

	if value, ok := boolValue(enabled); ok && !value {
		check.Report("actionsEnabled is false, expected true.")
	}
	if elements, _ := arrayValue(actions); len(elements) == 0 {
		check.Report("alarmActions is %s, expected at least one action such as an SNS topic ARN.", describeValue(actions))
	}
	return nil
}
