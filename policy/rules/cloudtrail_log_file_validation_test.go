package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudTrailLogFileValidation(t *testing.T) {
	trail := func(validation property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"s3BucketName":            property.New("trail-logs"),
			"enableLogFileValidation": validation,
		})
	}

	runPolicyCases(t, newCloudTrailLogFileValidation(), []policyCase{
		{
			name:         "validation",
			kind:         caseCompliant,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.New(true)),
		},
		{
			name:         "default",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.Value{}),
			want:         []string{`enableLogFileValidation is not set, expected true.`},
		},
		{
			name:         "off",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.New(false)),
			want:         []string{`enableLogFileValidation is false, expected true.`},
		},
		{
			name:         "bucket",
			kind:         caseOtherType,
			resourceType: typeS3BucketV2,
			props:        trail(property.New(false)),
		},
		{
			name:         "unknown validation",
			kind:         caseUnknown,
			resourceType: typeCloudTrailTrail,
			props:        trail(unknownValue()),
			wantUnknown:  []string{"enableLogFileValidation"},
		},
	})
}
