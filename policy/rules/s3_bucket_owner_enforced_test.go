package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestS3BucketOwnerEnforced(t *testing.T) {
	ownership := func(objectOwnership property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"bucket": property.New("user-files"),
			"rule":   objectValue(map[string]property.Value{"objectOwnership": objectOwnership}),
		})
	}

	runPolicyCases(t, newS3BucketOwnerEnforced(), []policyCase{
		{
			name:         "bucket owner enforced",
			kind:         caseCompliant,
			resourceType: typeS3BucketOwnershipControls,
			props:        ownership(property.New("BucketOwnerEnforced")),
		},
		{
			name:         "object writer",
			kind:         caseViolation,
			resourceType: typeS3BucketOwnershipControls,
			props:        ownership(property.New("ObjectWriter")),
			want:         []string{`rule.objectOwnership is "ObjectWriter", expected "BucketOwnerEnforced".`},
		},
		{
			name:         "bucket owner preferred",
			kind:         caseViolation,
			resourceType: typeS3BucketOwnershipControls,
			props:        ownership(property.New("BucketOwnerPreferred")),
			want:         []string{`rule.objectOwnership is "BucketOwnerPreferred", expected "BucketOwnerEnforced".`},
		},
		{
			name:         "bucket acl",
			kind:         caseOtherType,
			resourceType: typeS3BucketACLV2,
			props:        ownership(property.New("ObjectWriter")),
		},
		{
			name:         "unknown ownership",
			kind:         caseUnknown,
			resourceType: typeS3BucketOwnershipControls,
			props:        ownership(unknownValue()),
			wantUnknown:  []string{"rule.objectOwnership"},
		},
		{
			name:         "unknown rule",
			kind:         caseUnknown,
			resourceType: typeS3BucketOwnershipControls,
			props:        propsOf(map[string]property.Value{"rule": unknownValue()}),
			wantUnknown:  []string{"rule.objectOwnership"},
		},
	})
}
