package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

func TestS3BucketPolicyTLSOnly(t *testing.T) {
	const tlsOnlyPolicy = `{
		"Version": "2012-10-17",
		"Statement": [
			{
				"Sid": "AllowLambdaRead",
				"Effect": "Allow",
				"Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
				"Action": "s3:GetObject",
				"Resource": "arn:aws:s3:::user-files/*"
			},
			{
				"Sid": "DenyInsecureTransport",
				"Effect": "Deny",
				"Principal": "*",
				"Action": "s3:*",
				"Resource": ["arn:aws:s3:::user-files", "arn:aws:s3:::user-files/*"],
				"Condition": {"Bool": {"aws:SecureTransport": "false"}}
			}
		]
	}`
	const missingMessage = `policy has no statement that denies "s3:*" to Principal "*" when aws:SecureTransport ` +
		`is "false" on both the bucket and its objects, expected one.`

	bucketPolicy := func(bucket, policy property.Value) property.Map {
		return propsOf(map[string]property.Value{"bucket": bucket, "policy": policy})
	}

	runPolicyCases(t, newS3BucketPolicyTLSOnly(), []policyCase{
		{
			name:         "deny statement for the bucket",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props:        bucketPolicy(property.New("user-files"), property.New(tlsOnlyPolicy)),
		},
		{
			name:         "unknown bucket with matching arns",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props:        bucketPolicy(unknownValue(), property.New(tlsOnlyPolicy)),
		},
		{
			name:         "aws principal star and boolean condition",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(property.New("user-files"), property.New(`{"Statement": {
				"Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["*"],
				"Resource": "*", "Condition": {"Bool": {"aws:securetransport": false}}}}`)),
		},
		{
			name:         "policy given as an object",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(property.New("user-files"), objectValue(map[string]property.Value{
				"Statement": listValue(objectValue(map[string]property.Value{
					"Effect":    property.New("Deny"),
					"Principal": property.New("*"),
					"Action":    property.New("s3:*"),
					"Resource":  listValue(property.New("arn:aws:s3:::user-files"), property.New("arn:aws:s3:::user-files/*")),
					"Condition": objectValue(map[string]property.Value{
						"Bool": objectValue(map[string]property.Value{"aws:SecureTransport": property.New("false")}),
					}),
				})),
			})),
		},
		{
			name:         "no deny statement",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(property.New("user-files"), property.New(`{"Statement": [{
				"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
				"Action": "s3:GetObject", "Resource": "arn:aws:s3:::user-files/*"}]}`)),
			want: []string{missingMessage},
		},
		{
			name:         "deny covers objects only",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(property.New("user-files"), property.New(`{"Statement": [{
				"Effect": "Deny", "Principal": "*", "Action": "s3:*",
				"Resource": "arn:aws:s3:::user-files/*",
				"Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`)),
			want: []string{missingMessage},
		},
		{
			name:         "deny names another bucket",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props:        bucketPolicy(property.New("audit-logs"), property.New(tlsOnlyPolicy)),
			want:         []string{missingMessage},
		},
		{
			name:         "deny without condition",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(property.New("user-files"), property.New(`{"Statement": [{
				"Effect": "Deny", "Principal": "*", "Action": "s3:*",
				"Resource": ["arn:aws:s3:::user-files", "arn:aws:s3:::user-files/*"]}]}`)),
			want: []string{missingMessage},
		},
		{
			name:         "deny for one principal",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(property.New("user-files"), property.New(`{"Statement": [{
				"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*",
				"Resource": ["arn:aws:s3:::user-files", "arn:aws:s3:::user-files/*"],
				"Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`)),
			want: []string{missingMessage},
		},
		{
			name:         "invalid json",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props:        bucketPolicy(property.New("user-files"), property.New(`{"Statement": [`)),
			want: []string{"policy is not a valid policy document (unexpected end of JSON input), " +
				"expected JSON with a Statement list."},
		},
		{
			name:         "invalid secret json",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props:        bucketPolicy(property.New("user-files"), property.New(`{"Statement": [`).WithSecret(true)),
			want: []string{"policy is not a valid policy document (details hidden because the value is secret), " +
				"expected JSON with a Statement list."},
		},
		{
			name:         "iam role policy",
			kind:         caseOtherType,
			resourceType: typeIAMRolePolicy,
			props:        bucketPolicy(property.New("user-files"), property.New(`{"Statement": []}`)),
		},
		{
			name:         "unknown policy",
			kind:         caseUnknown,
			resourceType: typeS3BucketPolicy,
			props:        bucketPolicy(unknownValue(), unknownValue()),
			wantUnknown:  []string{"policy"},
		},
		{
			name:         "policy object with unknown arn",
			kind:         caseUnknown,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(unknownValue(), objectValue(map[string]property.Value{
				"Statement": listValue(objectValue(map[string]property.Value{"Resource": unknownValue()})),
			})),
			wantUnknown: []string{"policy"},
		},
	})
}

func TestCoversBucketAndObjects(t *testing.T) {
	tests := []struct {
		name      string
		resources stringList
		bucket    string
		want      bool
	}{
		{name: "star", resources: stringList{"*"}, bucket: "user-files", want: true},
		{name: "both arns", resources: stringList{"arn:aws:s3:::user-files", "arn:aws:s3:::user-files/*"}, bucket: "user-files", want: true},
		{name: "other partition", resources: stringList{"arn:aws-cn:s3:::user-files", "arn:aws-cn:s3:::user-files/*"}, bucket: "user-files", want: true},
		{name: "every bucket", resources: stringList{"arn:aws:s3:::*", "arn:aws:s3:::*/*"}, bucket: "user-files", want: true},
		{name: "any bucket when unknown", resources: stringList{"arn:aws:s3:::b", "arn:aws:s3:::b/*"}, bucket: "", want: true},
		{name: "mismatched pair when unknown", resources: stringList{"arn:aws:s3:::a", "arn:aws:s3:::b/*"}, bucket: "", want: false},
		{name: "prefix only", resources: stringList{"arn:aws:s3:::user-files", "arn:aws:s3:::user-files/uploads/*"}, bucket: "user-files", want: false},
		{name: "not an s3 arn", resources: stringList{"arn:aws:sqs:::user-files", "arn:aws:sqs:::user-files/*"}, bucket: "user-files", want: false},
		{name: "empty", resources: nil, bucket: "", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, coversBucketAndObjects(tt.resources, tt.bucket))
		})
	}
}
