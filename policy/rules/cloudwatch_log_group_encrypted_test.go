package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudWatchLogGroupEncrypted(t *testing.T) {
	logGroup := func(key property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name":            property.New("/aws/lambda/me"),
			"retentionInDays": property.New(14.0),
			"kmsKeyId":        key,
		})
	}

	runPolicyCases(t, newCloudWatchLogGroupEncrypted(), []policyCase{
		{
			name:         "kms key",
			kind:         caseCompliant,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.New("arn:aws:kms:eu-west-1:111122223333:key/0000")),
		},
		{
			name:         "service key",
			kind:         caseViolation,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(property.Value{}),
			want:         []string{`kmsKeyId is not set, expected the ARN of a customer managed KMS key.`},
		},
		{
			name:         "trail",
			kind:         caseOtherType,
			resourceType: typeCloudTrailTrail,
			props:        logGroup(property.Value{}),
		},
		{
			name:         "unknown key",
			kind:         caseUnknown,
			resourceType: typeCloudWatchLogGroup,
			props:        logGroup(unknownValue()),
			wantUnknown:  []string{"kmsKeyId"},
		},
	})
}
