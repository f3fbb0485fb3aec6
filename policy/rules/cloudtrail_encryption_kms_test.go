package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudTrailEncryptionKMS(t *testing.T) {
	trail := func(key property.Value) property.Map {
		return propsOf(map[string]property.Value{"s3BucketName": property.New("trail-logs"), "kmsKeyId": key})
	}

	runPolicyCases(t, newCloudTrailEncryptionKMS(), []policyCase{
		{
			name:         "kms key",
			kind:         caseCompliant,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.New("arn:aws:kms:eu-west-1:111122223333:key/0000")),
		},
		{
			name:         "no key",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.Value{}),
			want:         []string{`kmsKeyId is not set, expected the ARN of a KMS key.`},
		},
		{
			name:         "empty key",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.New("")),
			want:         []string{`kmsKeyId is "", expected the ARN of a KMS key.`},
		},
		{
			name:         "log group",
			kind:         caseOtherType,
			resourceType: typeCloudWatchLogGroup,
			props:        trail(property.Value{}),
		},
		{
			name:         "unknown key",
			kind:         caseUnknown,
			resourceType: typeCloudTrailTrail,
			props:        trail(unknownValue()),
			wantUnknown:  []string{"kmsKeyId"},
		},
	})
}
