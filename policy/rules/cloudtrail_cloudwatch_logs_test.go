package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudTrailCloudWatchLogs(t *testing.T) {
	trail := func(group, role property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"s3BucketName":           property.New("trail-logs"),
			"cloudWatchLogsGroupArn": group,
			"cloudWatchLogsRoleArn":  role,
		})
	}
	group := property.New("arn:aws:logs:eu-west-1:111122223333:log-group:trail:*")
	role := property.New("arn:aws:iam::111122223333:role/trail-to-logs")

	runPolicyCases(t, newCloudTrailCloudWatchLogs(), []policyCase{
		{
			name:         "log group and role",
			kind:         caseCompliant,
			resourceType: typeCloudTrailTrail,
			props:        trail(group, role),
		},
		{
			name:         "no delivery",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.Value{}, property.Value{}),
			want: []string{
				`cloudWatchLogsGroupArn is not set, expected an ARN.`,
				`cloudWatchLogsRoleArn is not set, expected an ARN.`,
			},
		},
		{
			name:         "group without role",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(group, property.New("")),
			want:         []string{`cloudWatchLogsRoleArn is "", expected an ARN.`},
		},
		{
			name:         "log group",
			kind:         caseOtherType,
			resourceType: typeCloudWatchLogGroup,
			props:        trail(property.Value{}, property.Value{}),
		},
		{
			name:         "unknown arns",
			kind:         caseUnknown,
			resourceType: typeCloudTrailTrail,
			props:        trail(unknownValue(), unknownValue()),
			wantUnknown:  []string{"cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"},
		},
	})
}
