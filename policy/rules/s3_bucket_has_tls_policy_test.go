package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestS3BucketHasTLSPolicy(t *testing.T) {
	bucket := func(inlinePolicy property.Value) pack.Resource {
		return stackResource(typeS3BucketV2, "files", propsOf(map[string]property.Value{
			"bucket": property.New("files-1a2b3c"),
			"policy": inlinePolicy,
		}))
	}
	bucketPolicy := stackResource(typeS3BucketPolicy, "files-policy", propsOf(map[string]property.Value{
		"bucket": unknownValue(), "policy": unknownValue(),
	}))
	const denyInsecure = `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
		"Resource": ["arn:aws:s3:::files-1a2b3c", "arn:aws:s3:::files-1a2b3c/*"],
		"Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`
	const expected = `, expected a bucket policy that denies "s3:*" to Principal "*" when aws:SecureTransport is "false".`

	runStackCases(t, newS3BucketHasTLSPolicy(), []stackCase{
		{
			name: "bucket policy built from the bucket",
			kind: caseCompliant,
			resources: []pack.Resource{
				bucket(property.Value{}),
				dependingOn(bucketPolicy, "bucket", bucket(property.Value{})),
			},
		},
		{
			name:      "inline policy",
			kind:      caseCompliant,
			resources: []pack.Resource{bucket(property.New(denyInsecure))},
		},
		{
			name:      "no policy",
			kind:      caseViolation,
			resources: []pack.Resource{bucket(property.Value{})},
			want: []string{"files: no aws:s3/bucketPolicy:BucketPolicy has bucket set to this bucket and policy " +
				"is not set" + expected},
		},
		{
			name: "inline policy without tls statement",
			kind: caseViolation,
			resources: []pack.Resource{bucket(property.New(`{"Statement": [{"Effect": "Allow",
				"Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
				"Resource": "arn:aws:s3:::files-1a2b3c/*"}]}`))},
			want: []string{"files: no aws:s3/bucketPolicy:BucketPolicy has bucket set to this bucket and policy " +
				"is a document without that statement" + expected},
		},
		{
			name:      "policy without bucket",
			kind:      caseOtherType,
			resources: []pack.Resource{bucketPolicy},
		},
		{
			name:        "unknown inline policy",
			kind:        caseUnknown,
			resources:   []pack.Resource{bucket(unknownValue())},
			wantUnknown: []string{"files: policy"},
		},
	})
}
