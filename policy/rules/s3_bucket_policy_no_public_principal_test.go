package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestS3BucketPolicyNoPublicPrincipal(t *testing.T) {
	bucketPolicy := func(statements string) property.Map {
		return propsOf(map[string]property.Value{
			"bucket": property.New("user-files"),
			"policy": property.New(`{"Version": "2012-10-17", "Statement": [` + statements + `]}`),
		})
	}
	const denyInsecure = `{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
		"Resource": ["arn:aws:s3:::user-files", "arn:aws:s3:::user-files/*"],
		"Condition": {"Bool": {"aws:SecureTransport": "false"}}}`

	runPolicyCases(t, newS3BucketPolicyNoPublicPrincipal(), []policyCase{
		{
			name:         "deny for everyone and allow for a role",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(denyInsecure + `, {"Effect": "Allow",
				"Principal": {"AWS": "arn:aws:iam::111122223333:role/uploader"},
				"Action": "s3:PutObject", "Resource": "arn:aws:s3:::user-files/*"}`),
		},
		{
			name:         "everyone limited to the organization",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
				"Resource": "arn:aws:s3:::user-files/*",
				"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}`),
		},
		{
			name:         "everyone limited to a vpc endpoint",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(`{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject",
				"Resource": "arn:aws:s3:::user-files/*",
				"Condition": {"StringEquals": {"aws:sourcevpce": "vpce-1a2b3c"}}}`),
		},
		{
			name:         "bucket v2 without inline policy",
			kind:         caseCompliant,
			resourceType: typeS3BucketV2,
			props:        propsOf(map[string]property.Value{"bucket": property.New("user-files")}),
		},
		{
			name:         "public read",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(denyInsecure + `, {"Effect": "Allow", "Principal": "*",
				"Action": "s3:GetObject", "Resource": "arn:aws:s3:::user-files/*"}`),
			want: []string{`policy Statement[1] allows Principal "*" without a condition that limits callers, ` +
				`expected named principals or a condition on aws:PrincipalOrgID, aws:SourceArn, ` +
				`aws:SourceAccount or aws:SourceVpce.`},
		},
		{
			name:         "condition that does not limit callers",
			kind:         caseViolation,
			resourceType: typeS3BucketPolicy,
			props: bucketPolicy(`{"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "s3:GetObject",
				"Resource": "arn:aws:s3:::user-files/*", "Condition": {
					"StringNotEquals": {"aws:PrincipalAccount": "111122223333"},
					"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c"},
					"StringLike": {"aws:PrincipalArn": "*"}}}`),
			want: []string{`policy Statement[0] allows Principal "*" without a condition that limits callers, ` +
				`expected named principals or a condition on aws:PrincipalOrgID, aws:SourceArn, ` +
				`aws:SourceAccount or aws:SourceVpce.`},
		},
		{
			name:         "not principal on inline bucket policy",
			kind:         caseViolation,
			resourceType: typeS3Bucket,
			props: propsOf(map[string]property.Value{"policy": property.New(`{"Statement": {"Effect": "Allow",
				"NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}}`)}),
			want: []string{`policy Statement[0] allows every principal except NotPrincipal without a condition ` +
				`that limits callers, expected named principals or a condition on aws:PrincipalOrgID, ` +
				`aws:SourceArn, aws:SourceAccount or aws:SourceVpce.`},
		},
		{
			name:         "invalid inline policy",
			kind:         caseViolation,
			resourceType: typeS3BucketV2,
			props:        propsOf(map[string]property.Value{"policy": property.New(`not json`)}),
			want: []string{`policy is not a valid policy document (invalid character 'o' in literal null ` +
				`(expecting 'u')), expected JSON with a Statement list.`},
		},
		{
			name:         "invalid bucket policy left to the tls policy",
			kind:         caseCompliant,
			resourceType: typeS3BucketPolicy,
			props:        propsOf(map[string]property.Value{"policy": property.New(`not json`)}),
		},
		{
			name:         "public statement on other type",
			kind:         caseOtherType,
			resourceType: typeIAMPolicy,
			props: propsOf(map[string]property.Value{"policy": property.New(`{"Statement": [{"Effect": "Allow",
				"Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`)}),
		},
		{
			name:         "unknown policy",
			kind:         caseUnknown,
			resourceType: typeS3BucketPolicy,
			props:        propsOf(map[string]property.Value{"bucket": unknownValue(), "policy": unknownValue()}),
			wantUnknown:  []string{"policy"},
		},
	})
}
