package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestS3PublicAccessBlockEnabled(t *testing.T) {
	block := func(overrides map[string]property.Value) property.Map {
		fields := map[string]property.Value{
			"bucket":                property.New("user-files"),
			"blockPublicAcls":       property.New(true),
			"blockPublicPolicy":     property.New(true),
			"ignorePublicAcls":      property.New(true),
			"restrictPublicBuckets": property.New(true),
		}
		for key, value := range overrides {
			fields[key] = value
		}
		return propsOf(fields)
	}

	runPolicyCases(t, newS3PublicAccessBlockEnabled(), []policyCase{
		{
			name:         "all four settings true",
			kind:         caseCompliant,
			resourceType: typeS3BucketPublicAccessBlock,
			props:        block(nil),
		},
		{
			name:         "secret true setting",
			kind:         caseCompliant,
			resourceType: typeS3BucketPublicAccessBlock,
			props:        block(map[string]property.Value{"ignorePublicAcls": property.New(true).WithSecret(true)}),
		},
		{
			name:         "restrictPublicBuckets false",
			kind:         caseViolation,
			resourceType: typeS3BucketPublicAccessBlock,
			props:        block(map[string]property.Value{"restrictPublicBuckets": property.New(false)}),
			want:         []string{"restrictPublicBuckets is false, expected true."},
		},
		{
			name:         "blockPublicPolicy not set",
			kind:         caseViolation,
			resourceType: typeS3BucketPublicAccessBlock,
			props:        block(map[string]property.Value{"blockPublicPolicy": property.Value{}}),
			want:         []string{"blockPublicPolicy is not set, expected true."},
		},
		{
			name:         "only the bucket set",
			kind:         caseViolation,
			resourceType: typeS3BucketPublicAccessBlock,
			props:        propsOf(map[string]property.Value{"bucket": property.New("user-files")}),
			want: []string{
				"blockPublicAcls is not set, expected true.",
				"blockPublicPolicy is not set, expected true.",
				"ignorePublicAcls is not set, expected true.",
				"restrictPublicBuckets is not set, expected true.",
			},
		},
		{
			name:         "account public access block",
			kind:         caseOtherType,
			resourceType: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
			props:        propsOf(map[string]property.Value{"blockPublicAcls": property.New(false)}),
		},
		{
			name:         "unknown setting",
			kind:         caseUnknown,
			resourceType: typeS3BucketPublicAccessBlock,
			props:        block(map[string]property.Value{"blockPublicAcls": unknownValue()}),
			wantUnknown:  []string{"blockPublicAcls"},
		},
	})
}
