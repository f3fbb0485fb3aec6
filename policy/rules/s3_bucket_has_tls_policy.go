package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketHasTLSPolicy is the name of the stack policy that requires a bucket policy for every
// bucket.
const PolicyS3BucketHasTLSPolicy = "s3-bucket-has-tls-policy"

// bucketPolicyJoin finds the bucket policies of a bucket.
var bucketPolicyJoin = siblingJoin{
	siblingTypes: []string{typeS3BucketPolicy},
	property:     "bucket",
	targetKeys:   []string{"bucket"},
}

// newS3BucketHasTLSPolicy returns the stack policy that requires each Bucket and BucketV2 to have a
// bucket policy: a BucketPolicy resource, whose content s3-bucket-policy-tls-only checks before it is
// created, or an inline policy argument that denies requests without TLS. A bucket without either
// accepts plain HTTP requests, and no resource policy would notice.
func newS3BucketHasTLSPolicy() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketHasTLSPolicy,
		Description: "S3 buckets must have a bucket policy that denies requests without TLS.",
		Rationale: "S3 accepts plain HTTP requests unless the bucket policy denies them. A bucket without a " +
			"policy escapes s3-bucket-policy-tls-only, which can only check the policies that exist.",
		RemediationSteps: "Add a BucketPolicy whose bucket is the bucket, with a Deny statement for Principal " +
			"\"*\" and Action \"s3:*\" on the bucket ARN and the bucket ARN followed by \"/*\", with the condition " +
			"Bool aws:SecureTransport \"false\".",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "s3", "encryption-in-transit"},
			withPrefix(tagHIPAA, "164.312(a)(2)(iv)", "164.312(c)(2)", "164.312(e)(1)", "164.312(e)(2)(i)",
				"164.312(e)(2)(ii)"),
			withPrefix(tagPCI, "2.2", "4.1", "8.2.1"),
			withPrefix(tagCheckov, "CKV_AWS_379"),
			withPrefix(tagCDKNag, "AwsSolutions-S10", "S3BucketSSLRequestsOnly"),
		),
		Framework:     hipaaControl("164.312(e)(1)", "Transmission security"),
		Waivable:      true,
		ResourceTypes: []string{typeS3Bucket, typeS3BucketV2},
		ValidateStack: validateS3BucketHasTLSPolicy,
	}
}

func validateS3BucketHasTLSPolicy(_ context.Context, check *pack.StackCheck) error {
	for _, bucket := range missingSiblings(check, check.OfType(typeS3Bucket, typeS3BucketV2), bucketPolicyJoin) {
		inline := bucket.Properties.Get("policy")
		if inline.HasComputed() {
			check.Unknown(bucket, "policy")
			continue
		}
		if deniesInsecureTransportInline(inline, bucket) {
			continue
		}
		found := "not set"
		if !inline.IsNull() {
			found = "a document without that statement"
		}
		check.Report(bucket, "no %s has bucket set to this bucket and policy is %s, expected a bucket policy "+
			"that denies \"s3:*\" to Principal \"*\" when aws:SecureTransport is \"false\".",
			typeS3BucketPolicy, found)
	}
	return nil
}

// deniesInsecureTransportInline reports whether the known inline policy argument of bucket denies
// requests without TLS on the bucket and its objects.
func deniesInsecureTransportInline(inline property.Value, bucket pack.Resource) bool {
	if inline.IsNull() {
		return false
	}
	document, err := parsePolicyDocument(inline)
	if err != nil {
		return false
	}
	bucketName, _ := stringValue(bucket.Properties.Get("bucket"))
	return slices.ContainsFunc(document.Statement, func(statement policyStatement) bool {
		return deniesInsecureTransport(statement, bucketName)
	})
}
