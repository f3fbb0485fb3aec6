package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudTrailCloudWatchLogs is the name of the policy that requires trails to deliver to
// CloudWatch Logs.
const PolicyCloudTrailCloudWatchLogs = "cloudtrail-cloudwatch-logs"

// cloudTrailCloudWatchSettings are the Trail arguments that deliver events to CloudWatch Logs. Both are
// needed.
var cloudTrailCloudWatchSettings = []string{"cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"}

// newCloudTrailCloudWatchLogs returns the policy that requires each trail to deliver its events to a
// CloudWatch Logs log group, where metric filters and alarms can watch them. It is waivable for a
// trail whose events an organization trail already delivers.
func newCloudTrailCloudWatchLogs() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudTrailCloudWatchLogs,
		Description: "CloudTrail trails must deliver their events to a CloudWatch Logs log group.",
		Rationale: "Events in S3 are only read during an investigation. In CloudWatch Logs, metric filters and " +
			"alarms raise root logins, IAM policy changes and disabled trails within minutes.",
		RemediationSteps: "Set cloudWatchLogsGroupArn to the log group's ARN followed by \":*\" and " +
			"cloudWatchLogsRoleArn to a role that cloudtrail.amazonaws.com may assume and that may write to the group.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "cloudtrail", "audit-trail", "monitoring"},
			withPrefix(tagHIPAA, "164.308(a)(3)(ii)(A)", "164.312(b)"),
			withPrefix(tagPCI, "2.2", "10.1", "10.2.1", "10.2.2", "10.2.3", "10.2.5", "10.3.1", "10.3.2", "10.3.3",
				"10.3.4", "10.3.5", "10.3.6", "10.5.3", "10.5.4"),
			withPrefix(tagCheckov, "CKV2_AWS_10"),
			withPrefix(tagCDKNag, "CloudTrailCloudWatchLogsEnabled"),
		),
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudTrailTrail},
		ValidateResource: validateCloudTrailCloudWatchLogs,
	}
}

func validateCloudTrailCloudWatchLogs(_ context.Context, check *pack.ResourceCheck) error {
	for _, setting := range cloudTrailCloudWatchSettings {
		value := check.Resource.Properties.Get(setting)
		if !check.Known(setting, value) {
			continue
		}
		if !isSetString(value) {
			check.Report("%s is %s, expected an ARN.", setting, describeValue(value))
		}
	}
	return nil
}
