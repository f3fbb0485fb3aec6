package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestS3BucketVersioningEnabled(t *testing.T) {
	versioning := func(status property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"bucket":                  property.New("user-files"),
			"versioningConfiguration": objectValue(map[string]property.Value{"status": status}),
		})
	}

	runPolicyCases(t, newS3BucketVersioningEnabled(), []policyCase{
		{
			name:         "enabled",
			kind:         caseCompliant,
			resourceType: typeS3BucketVersioningV2,
			props:        versioning(property.New("Enabled")),
		},
		{
			name:         "suspended",
			kind:         caseViolation,
			resourceType: typeS3BucketVersioningV2,
			props:        versioning(property.New("Suspended")),
			want:         []string{`versioningConfiguration.status is "Suspended", expected "Enabled".`},
		},
		{
			name:         "configuration missing",
			kind:         caseViolation,
			resourceType: typeS3BucketVersioningV2,
			props:        propsOf(map[string]property.Value{"bucket": property.New("user-files")}),
			want:         []string{`versioningConfiguration.status is not set, expected "Enabled".`},
		},
		{
			name:         "bucket v2",
			kind:         caseOtherType,
			resourceType: typeS3BucketV2,
			props:        versioning(property.New("Suspended")),
		},
		{
			name:         "unknown status",
			kind:         caseUnknown,
			resourceType: typeS3BucketVersioningV2,
			props:        versioning(unknownValue()),
			wantUnknown:  []string{"versioningConfiguration.status"},
		},
		{
			name:         "unknown configuration",
			kind:         caseUnknown,
			resourceType: typeS3BucketVersioningV2,
			props:        propsOf(map[string]property.Value{"versioningConfiguration": unknownValue()}),
			wantUnknown:  []string{"versioningConfiguration.status"},
		},
	})
}
