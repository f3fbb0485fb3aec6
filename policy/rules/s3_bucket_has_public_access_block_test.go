package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestS3BucketHasPublicAccessBlock(t *testing.T) {
	bucket := stackResource(typeS3BucketV2, "files", propsOf(map[string]property.Value{
		"bucket": property.New("files-1a2b3c"),
	}))
	logs := stackResource(typeS3Bucket, "logs", propsOf(map[string]property.Value{
		"bucket": property.New("logs-4d5e6f"),
	}))
	block := func(name string, bucketName property.Value) pack.Resource {
		return stackResource(typeS3BucketPublicAccessBlock, name, propsOf(map[string]property.Value{
			"bucket":                bucketName,
			"blockPublicAcls":       property.New(true),
			"blockPublicPolicy":     property.New(true),
			"ignorePublicAcls":      property.New(true),
			"restrictPublicBuckets": property.New(true),
		}))
	}
	accountBlock := func(restrict property.Value) pack.Resource {
		return stackResource(typeS3AccountPublicAccessBlock, "account", propsOf(map[string]property.Value{
			"blockPublicAcls":       property.New(true),
			"blockPublicPolicy":     property.New(true),
			"ignorePublicAcls":      property.New(true),
			"restrictPublicBuckets": restrict,
		}))
	}
	component := stackResource("secureserverless:storage:UserFilesBucket", "user-files", property.Map{})
	const want = "files: no aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock has bucket set to this " +
		"bucket, expected one with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and " +
		"restrictPublicBuckets true, or an aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock with all " +
		"four true."

	runStackCases(t, newS3BucketHasPublicAccessBlock(), []stackCase{
		{
			name: "block built from the bucket",
			kind: caseCompliant,
			resources: []pack.Resource{
				bucket,
				dependingOn(block("files-block", unknownValue()), "bucket", bucket),
			},
		},
		{
			name:      "block naming the bucket",
			kind:      caseCompliant,
			resources: []pack.Resource{logs, block("logs-block", property.New("logs-4d5e6f"))},
		},
		{
			name: "block built from the component of the bucket",
			kind: caseCompliant,
			resources: []pack.Resource{
				component,
				childOf(bucket, component),
				dependingOn(block("files-block", unknownValue()), "bucket", component),
			},
		},
		{
			name:      "account block",
			kind:      caseCompliant,
			resources: []pack.Resource{bucket, accountBlock(property.New(true))},
		},
		{
			name: "bucket without block",
			kind: caseViolation,
			resources: []pack.Resource{
				bucket, logs,
				dependingOn(block("logs-block", unknownValue()), "bucket", logs),
			},
			want: []string{want},
		},
		{
			name: "component with two buckets",
			kind: caseViolation,
			resources: []pack.Resource{
				component,
				childOf(bucket, component),
				childOf(stackResource(typeS3BucketV2, "more-files", property.Map{}), component),
				dependingOn(block("more-block", unknownValue()), "bucket", component),
				dependingOn(block("files-block-of-more", unknownValue()), "bucket",
					stackResource(typeS3BucketV2, "more-files", property.Map{})),
			},
			want: []string{want},
		},
		{
			name:      "account block with a setting off",
			kind:      caseViolation,
			resources: []pack.Resource{bucket, accountBlock(property.New(false))},
			want:      []string{want},
		},
		{
			name:      "no bucket",
			kind:      caseOtherType,
			resources: []pack.Resource{block("orphan", property.New("elsewhere")), accountBlock(property.New(false))},
		},
		{
			name:        "account block unknown",
			kind:        caseUnknown,
			resources:   []pack.Resource{bucket, accountBlock(unknownValue())},
			wantUnknown: []string{"account: restrictPublicBuckets"},
		},
	})
}
