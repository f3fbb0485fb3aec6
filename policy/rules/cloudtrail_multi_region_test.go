package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudTrailMultiRegion(t *testing.T) {
	trail := func(multiRegion, global, logging property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"s3BucketName":               property.New("trail-logs"),
			"isMultiRegionTrail":         multiRegion,
			"includeGlobalServiceEvents": global,
			"enableLogging":              logging,
		})
	}
	on := property.New(true)
	off := property.New(false)

	runPolicyCases(t, newCloudTrailMultiRegion(), []policyCase{
		{
			name:         "multi region with defaults",
			kind:         caseCompliant,
			resourceType: typeCloudTrailTrail,
			props:        trail(on, property.Value{}, property.Value{}),
		},
		{
			name:         "everything explicit",
			kind:         caseCompliant,
			resourceType: typeCloudTrailTrail,
			props:        trail(on, on, on),
		},
		{
			name:         "single region",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(property.Value{}, property.Value{}, property.Value{}),
			want:         []string{`isMultiRegionTrail is not set, expected true.`},
		},
		{
			name:         "no global events and logging off",
			kind:         caseViolation,
			resourceType: typeCloudTrailTrail,
			props:        trail(on, off, off),
			want: []string{
				`includeGlobalServiceEvents is false, expected true.`,
				`enableLogging is false, expected true.`,
			},
		},
		{
			name:         "bucket",
			kind:         caseOtherType,
			resourceType: typeS3BucketV2,
			props:        trail(off, off, off),
		},
		{
			name:         "unknown settings",
			kind:         caseUnknown,
			resourceType: typeCloudTrailTrail,
			props:        trail(unknownValue(), on, unknownValue()),
			wantUnknown:  []string{"isMultiRegionTrail", "enableLogging"},
		},
	})
}
