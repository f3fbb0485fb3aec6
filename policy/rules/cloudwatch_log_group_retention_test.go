package rules

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

func TestCloudWatchLogGroupRetention(t *testing.T) {
	logGroup := func(retention property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name":            property.New("/aws/lambda/upload"),
			"retentionInDays": retention,
		})
	}

	runPolicyCases(t, newCloudWatchLogGroupRetention(), []policyCase{
		{
			name:         "default minimum met",
			kind:         caseCompliant,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.New(7.0)),
		},
		{
			name:         "configured minimum met",
			kind:         caseCompliant,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.New(400.0)),
			config:       map[string]any{ConfigMinimumRetentionDays: 365.0},
		},
		{
			name:         "not set",
			kind:         caseViolation,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.Value{}),
			want:         []string{"retentionInDays is not set, so log events never expire, expected at least 7 days."},
		},
		{
			name:         "zero never expires",
			kind:         caseViolation,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.New(0.0)),
			want:         []string{"retentionInDays is 0, so log events never expire, expected at least 7 days."},
		},
		{
			name:         "below default minimum",
			kind:         caseViolation,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.New(3.0)),
			want:         []string{"retentionInDays is 3, expected at least 7 days."},
		},
		{
			name:         "below configured minimum",
			kind:         caseViolation,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.New(90.0)),
			config:       map[string]any{ConfigMinimumRetentionDays: 365.0},
			want:         []string{"retentionInDays is 90, expected at least 365 days."},
		},
		{
			name:         "log stream",
			kind:         caseOtherType,
			resourceType: "aws:cloudwatch/logStream:LogStream",
			props:        logGroup(property.Value{}),
		},
		{
			name:         "unknown retention",
			kind:         caseUnknown,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(unknownValue()),
			wantUnknown:  []string{"retentionInDays"},
		},
	})
}

func TestCloudWatchLogGroupRetentionConfig(t *testing.T) {
	tests := []struct {
		name    string
		config  map[string]any
		want    int
		wantErr string
	}{
		{name: "no config", config: nil, want: DefaultMinimumRetentionDays},
		{name: "other keys only", config: map[string]any{"enforcementLevel": "mandatory"}, want: DefaultMinimumRetentionDays},
		{name: "json number", config: map[string]any{ConfigMinimumRetentionDays: 30.0}, want: 30},
		{name: "go int", config: map[string]any{ConfigMinimumRetentionDays: 14}, want: 14},
		{
			name:    "fraction",
			config:  map[string]any{ConfigMinimumRetentionDays: 1.5},
			wantErr: "invalid minimumRetentionDays 1.5 for policy cloudwatch-log-group-retention: set a whole number of days of at least 1",
		},
		{
			name:    "zero",
			config:  map[string]any{ConfigMinimumRetentionDays: 0.0},
			wantErr: "invalid minimumRetentionDays 0 for policy cloudwatch-log-group-retention: set a whole number of days of at least 1",
		},
		{
			name:    "string",
			config:  map[string]any{ConfigMinimumRetentionDays: "7"},
			wantErr: `invalid minimumRetentionDays "7" for policy cloudwatch-log-group-retention: set a whole number of days of at least 1`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := minimumRetentionDays(tt.config)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCloudWatchLogGroupRetentionInvalidConfigFails(t *testing.T) {
	check := &pack.ResourceCheck{
		Resource: pack.Resource{
			Type:       typeCloudWatchLogGroup,
			Properties: propsOf(map[string]property.Value{"retentionInDays": property.New(30.0)}),
		},
		Config: map[string]any{ConfigMinimumRetentionDays: -1.0},
	}
	findings, err := newCloudWatchLogGroupRetention().CheckResource(context.Background(), check)

	assert.ErrorContains(t, err, "invalid minimumRetentionDays -1")
	assert.Empty(t, findings.Violations)
}
