package fakeaws

import (
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMonitoringTypesCreate(t *testing.T) {
	const arnPrefix = "arn:aws:"
	topic := "arn:aws:sns:us-east-1:123456789012:alerts"
	tests := []struct {
		name     string
		typ      string
		logical  string
		inputs   resource.PropertyMap
		wantID   string
		idRegexp string
		want     map[string]string
	}{
		{
			name: "trail id is its ARN", typ: "aws:cloudtrail/trail:Trail", logical: "audit",
			inputs: resource.PropertyMap{"name": str("app-trail"), "s3BucketName": str("logs")},
			wantID: "arn:aws:cloudtrail:us-east-1:123456789012:trail/app-trail",
			want: map[string]string{
				"arn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/app-trail", "homeRegion": "us-east-1",
			},
		},
		{
			name: "topic policy id is the topic ARN", typ: "aws:sns/topicPolicy:TopicPolicy", logical: "policy",
			inputs: resource.PropertyMap{"arn": str(topic), "policy": str("{}")},
			wantID: topic, want: map[string]string{"owner": DefaultAccountID},
		},
		{
			name: "subscription id is the topic ARN and a UUID", typ: "aws:sns/topicSubscription:TopicSubscription",
			logical: "email", inputs: resource.PropertyMap{
				"topic": str(topic), "protocol": str("email"), "endpoint": str("ops@example.com"),
			},
			idRegexp: `^` + regexp.QuoteMeta(topic) + `:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
			want:     map[string]string{"ownerId": DefaultAccountID},
		},
		{
			name: "metric filter id is its name", typ: "aws:cloudwatch/logMetricFilter:LogMetricFilter", logical: "root",
			inputs: resource.PropertyMap{"name": str("app-root"), "logGroupName": str("/trail"), "pattern": str("{}")},
			wantID: "app-root",
		},
		{
			name: "alarm id is its name", typ: "aws:cloudwatch/metricAlarm:MetricAlarm", logical: "errors",
			inputs: resource.PropertyMap{"name": str("app-errors")}, wantID: "app-errors",
			want: map[string]string{
				"arn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:app-errors", "treatMissingData": "missing",
			},
		},
		{
			name: "dashboard ARN has no region", typ: "aws:cloudwatch/dashboard:Dashboard", logical: "dashboard",
			inputs: resource.PropertyMap{"dashboardName": str("app"), "dashboardBody": str("{}")},
			wantID: "app", want: map[string]string{"dashboardArn": "arn:aws:cloudwatch::123456789012:dashboard/app"},
		},
		{
			name: "backup vault", typ: "aws:backup/vault:Vault", logical: "vault",
			inputs: resource.PropertyMap{"name": str("app-vault")}, wantID: "app-vault",
			want: map[string]string{"arn": "arn:aws:backup:us-east-1:123456789012:backup-vault:app-vault"},
		},
		{
			name: "backup plan id is a UUID", typ: "aws:backup/plan:Plan", logical: "plan",
			inputs:   resource.PropertyMap{"name": str("app-daily")},
			idRegexp: `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
		},
		{
			name: "GuardDuty detector", typ: "aws:guardduty/detector:Detector", logical: "detector",
			idRegexp: `^[0-9a-f]{32}$`,
			want:     map[string]string{"findingPublishingFrequency": "SIX_HOURS", "accountId": DefaultAccountID},
		},
		{
			name: "detector feature", typ: "aws:guardduty/detectorFeature:DetectorFeature", logical: "s3",
			inputs: resource.PropertyMap{"detectorId": str("abc"), "name": str("S3_DATA_EVENTS"), "status": str("ENABLED")},
			wantID: "abc/S3_DATA_EVENTS",
		},
		{
			name: "recorder named default", typ: "aws:cfg/recorder:Recorder", logical: "recorder",
			inputs: resource.PropertyMap{"roleArn": str("arn:aws:iam::123456789012:role/config")}, wantID: "default",
			want: map[string]string{"name": "default"},
		},
		{
			name: "recorder status id is the recorder name", typ: "aws:cfg/recorderStatus:RecorderStatus", logical: "status",
			inputs: resource.PropertyMap{"name": str("app"), "isEnabled": resource.NewBoolProperty(true)}, wantID: "app",
		},
		{
			name: "Security Hub id is the account", typ: "aws:securityhub/account:Account", logical: "hub",
			wantID: DefaultAccountID,
			want: map[string]string{
				"arn": "arn:aws:securityhub:us-east-1:123456789012:hub/default", "controlFindingGenerator": "SECURITY_CONTROL",
			},
		},
		{
			name: "regional standard subscription", typ: "aws:securityhub/standardsSubscription:StandardsSubscription",
			logical: "fsbp", inputs: resource.PropertyMap{"standardsArn": str(
				"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0")},
			wantID: "arn:aws:securityhub:us-east-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0",
		},
		{
			name: "CIS 1.2.0 ruleset subscription", typ: "aws:securityhub/standardsSubscription:StandardsSubscription",
			logical: "cis", inputs: resource.PropertyMap{"standardsArn": str(
				"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0")},
			wantID: "arn:aws:securityhub:us-east-1:123456789012:subscription/cis-aws-foundations-benchmark/v/1.2.0",
		},
		{
			name: "analyzer", typ: "aws:accessanalyzer/analyzer:Analyzer", logical: "analyzer",
			inputs: resource.PropertyMap{"analyzerName": str("app-account")}, wantID: "app-account",
			want: map[string]string{
				"arn": "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/app-account", "type": "ACCOUNT",
			},
		},
		{
			name: "API Gateway account settings", typ: "aws:apigateway/account:Account", logical: "settings",
			wantID: "api-gateway-account",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs := tt.inputs
			if inputs == nil {
				inputs = resource.PropertyMap{}
			}
			checked := Model{}.Check(tt.typ, testURN(tt.typ, tt.logical), nil, inputs)

			id, outputs, err := Model{}.Create(tt.typ, tt.logical, checked, false)

			require.NoError(t, err)
			if tt.wantID != "" {
				assert.Equal(t, tt.wantID, id)
			}
			if tt.idRegexp != "" {
				assert.Regexp(t, tt.idRegexp, id)
			}
			for key, want := range tt.want {
				got, ok := stringValue(outputs, key)
				require.True(t, ok, "output %s is missing", key)
				assert.Equal(t, want, got, key)
			}
			if arn, ok := stringValue(outputs, "arn"); ok {
				assert.Regexp(t, "^"+arnPrefix, arn)
			}
		})
	}
}

func TestMonitoringTypesDefaults(t *testing.T) {
	tests := []struct {
		typ  string
		want resource.PropertyMap
	}{
		{"aws:cloudtrail/trail:Trail", resource.PropertyMap{
			"enableLogFileValidation": resource.NewBoolProperty(false),
			"enableLogging":           resource.NewBoolProperty(true),
			"isMultiRegionTrail":      resource.NewBoolProperty(false),
		}},
		{"aws:guardduty/detector:Detector", resource.PropertyMap{"enable": resource.NewBoolProperty(true)}},
		{"aws:securityhub/account:Account", resource.PropertyMap{
			"enableDefaultStandards": resource.NewBoolProperty(true),
			"autoEnableControls":     resource.NewBoolProperty(true),
		}},
		{"aws:sns/topicSubscription:TopicSubscription", resource.PropertyMap{
			"confirmationTimeoutInMinutes": resource.NewNumberProperty(1),
			"endpointAutoConfirms":         resource.NewBoolProperty(false),
		}},
	}
	for _, tt := range tests {
		checked := Model{}.Check(tt.typ, testURN(tt.typ, "r"), nil, resource.PropertyMap{})
		for key, want := range tt.want {
			assert.Equal(t, want, checked[key], "%s %s", tt.typ, key)
		}
	}
}

func TestMonitoringTypesAutoname(t *testing.T) {
	for typ, property := range map[string]string{
		"aws:cloudtrail/trail:Trail":                                  "name",
		"aws:cloudwatch/metricAlarm:MetricAlarm":                      "name",
		"aws:cloudwatch/logMetricFilter:LogMetricFilter":              "name",
		"aws:backup/vault:Vault":                                      "name",
		"aws:backup/selection:Selection":                              "name",
		"aws:sns/topicSubscription:TopicSubscription":                 "",
		"aws:securityhub/standardsSubscription:StandardsSubscription": "",
	} {
		assert.Equal(t, property, NameProperty(typ), typ)
	}
}

func TestMonitoringTypesPreviewUnknowns(t *testing.T) {
	_, outputs, err := Model{}.Create("aws:cloudwatch/metricAlarm:MetricAlarm", "errors",
		resource.PropertyMap{"name": str("app-errors")}, true)

	require.NoError(t, err)
	assert.True(t, outputs["arn"].IsComputed(), "the ARN is unknown before creation")
	assert.Equal(t, "app-errors", outputs["name"].StringValue())
}

func TestMonitoringTypesReplaceOnChange(t *testing.T) {
	tests := []struct {
		typ     string
		want    []string
		notWant []string
	}{
		{"aws:cloudtrail/trail:Trail", []string{"name"}, []string{"s3BucketName", "kmsKeyId", "eventSelectors"}},
		{"aws:sns/topicSubscription:TopicSubscription", []string{"endpoint", "protocol", "topic"}, []string{"rawMessageDelivery"}},
		{"aws:cloudwatch/metricAlarm:MetricAlarm", []string{"name"}, []string{"threshold", "alarmActions"}},
		{"aws:cloudwatch/logMetricFilter:LogMetricFilter", []string{"name", "logGroupName"}, []string{"pattern"}},
		{"aws:backup/selection:Selection", []string{"resources", "iamRoleArn", "planId"}, nil},
		{"aws:backup/vault:Vault", []string{"kmsKeyArn"}, []string{"forceDestroy"}},
		{"aws:cfg/recorder:Recorder", []string{"name"}, []string{"recordingGroup", "roleArn"}},
		{"aws:securityhub/account:Account", []string{"enableDefaultStandards"}, []string{"controlFindingGenerator"}},
		{"aws:accessanalyzer/analyzer:Analyzer", []string{"analyzerName", "type"}, nil},
	}
	for _, tt := range tests {
		got := ReplaceOnChange(tt.typ)
		for _, key := range tt.want {
			assert.Contains(t, got, key, tt.typ)
		}
		for _, key := range tt.notWant {
			assert.NotContains(t, got, key, tt.typ)
		}
	}
	assert.Nil(t, ReplaceOnChange("aws:guardduty/detector:Detector"), "a detector changes in place")
	assert.Nil(t, ReplaceOnChange("aws:apigateway/account:Account"), "account settings change in place")
}
