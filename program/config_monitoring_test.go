package program

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeTrail        = "aws:cloudtrail/trail:Trail"
	typeMetricAlarm  = "aws:cloudwatch/metricAlarm:MetricAlarm"
	typeSubscription = "aws:sns/topicSubscription:TopicSubscription"
	typeBackupPlan   = "aws:backup/plan:Plan"
)

func TestProgramMonitoringDefaults(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{})
	require.NoError(t, err)

	trails := mocks.ByType(typeTrail)
	require.Len(t, trails, 1, "the audit trail is on by default")
	assert.True(t, trails[0].Inputs["isMultiRegionTrail"].BoolValue())
	assert.NotEmpty(t, mocks.ByType(typeMetricAlarm))
	for _, alarm := range mocks.ByType(typeMetricAlarm) {
		assert.NotEmpty(t, alarm.Inputs["alarmActions"].ArrayValue(), "%s has an action", alarm.Name)
	}
	assert.Empty(t, mocks.ByType(typeSubscription), "no subscription without alertEmails")
	assert.Empty(t, mocks.ByType(typeBackupPlan), "backups are opt-in")
}

// alarmThreshold returns the threshold of the first alarm whose logical name contains part.
func alarmThreshold(t *testing.T, alarms []map[string]any, part string) float64 {
	t.Helper()
	for _, alarm := range alarms {
		if name := alarm["__name"].(string); strings.Contains(name, part) {
			return alarm["threshold"].(float64)
		}
	}
	t.Fatalf("no alarm named like %q", part)
	return 0
}

func TestProgramReadsMonitoringSettings(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{
		"alertEmails":       `["ops@example.com"]`,
		"alertHttpsUrls":    `["https://hooks.example.com/alerts"]`,
		"alarmThresholds":   `{"api5xxErrors": 12}`,
		"auditTrailEnabled": "false",
		"backupEnabled":     "true",
	}, Options{})
	require.NoError(t, err)

	assert.Empty(t, mocks.ByType(typeTrail))
	assert.Len(t, mocks.ByType(typeSubscription), 2)
	require.Len(t, mocks.ByType(typeBackupPlan), 1)

	var alarms []map[string]any
	for _, alarm := range mocks.ByType(typeMetricAlarm) {
		inputs := alarm.Inputs.Mappable()
		inputs["__name"] = alarm.Name
		alarms = append(alarms, inputs)
	}
	assert.Equal(t, float64(12), alarmThreshold(t, alarms, "api-5xx"))

	policy := findResource(t, mocks, "aws:s3/bucketPolicy:BucketPolicy", "platform-user-files-policy")
	backupRole := findResource(t, mocks, "aws:iam/role:Role", "platform-backup-role")
	assert.Contains(t, policy.Inputs["policy"].StringValue(), backupRole.Outputs["arn"].StringValue(),
		"the bucket policy admits the backup role, or every backup would be denied")
}

func TestProgramRejectsInvalidMonitoringSettings(t *testing.T) {
	tests := []configErrorCase{
		{
			name: "email that does not parse", settings: map[string]string{"alertEmails": `["ops at example"]`},
			key: "alertEmails", value: "ops at example", accepted: "email addresses",
		},
		{
			name: "http endpoint", settings: map[string]string{"alertHttpsUrls": `["http://hooks.example.com/a?token=x"]`},
			key: "alertHttpsUrls", value: "entry 1", accepted: "https URLs",
		},
		{
			name: "threshold below zero", settings: map[string]string{"alarmThresholds": `{"lambdaErrors": -1}`},
			key: "alarmThresholds.lambdaErrors", value: "-1", accepted: "0 (the default) or more",
		},
		{
			name: "unknown threshold", settings: map[string]string{"alarmThresholds": `{"lambdaErorrs": 3}`},
			key: "alarmThresholds", value: "lambdaErorrs", accepted: "lambdaErrors",
		},
		{
			name: "duration above the timeout", settings: map[string]string{"alarmThresholds": `{"lambdaDurationPercent": 120}`},
			key: "alarmThresholds.lambdaDurationPercent", value: "120", accepted: "to 100 percent",
		},
		{
			name: "thresholds that are not an object", settings: map[string]string{"alarmThresholds": `[1, 2]`},
			key: "alarmThresholds", value: "[1, 2]", accepted: "an object of names and numbers",
		},
		{
			name: "backup retention", settings: map[string]string{"backupRetentionDays": "0"},
			key: "backupRetentionDays", value: "0", accepted: "1 to 36500 days",
		},
	}
	runConfigErrorCases(t, tests)
}
