package rules

import (
	"context"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketPolicyTLSOnly is the name of the policy that requires bucket policies to deny
// requests without TLS.
const PolicyS3BucketPolicyTLSOnly = "s3-bucket-policy-tls-only"

// newS3BucketPolicyTLSOnly returns the policy that guards bucket policies against plain HTTP access.
// It requires a statement that denies Action "s3:*" (or "*") to Principal "*" when the condition Bool
// aws:SecureTransport is "false", on both the bucket ARN and the object ARN (the bucket ARN followed
// by "/*"). When the bucket argument is known, the ARNs must name that bucket.
func newS3BucketPolicyTLSOnly() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketPolicyTLSOnly,
		Description: "S3 bucket policies must deny every request that does not use TLS.",
		Rationale: "S3 accepts plain HTTP requests unless the bucket policy denies them, so data and credentials " +
			"could cross the network unencrypted.",
		RemediationSteps: "Add a Deny statement for Principal \"*\" and Action \"s3:*\" on the bucket ARN and the " +
			"bucket ARN followed by \"/*\", with the condition Bool aws:SecureTransport \"false\".",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags:             []string{"aws", "s3", "encryption-in-transit", tagHIPAA + "164.312(e)(1)", tagPCI + "4.1"},
		Framework:        hipaaControl("164.312(e)(1)", "Transmission security"),
		Waivable:         true,
		ResourceTypes:    []string{typeS3BucketPolicy},
		ValidateResource: validateS3BucketPolicyTLSOnly,
	}
}

func validateS3BucketPolicyTLSOnly(_ context.Context, check *pack.ResourceCheck) error {
	policy := check.Resource.Properties.Get("policy")
	if !check.FullyKnown("policy", policy) {
		return nil
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		check.Report("policy is not a valid policy document (%s), expected JSON with a Statement list.",
			describeDocumentError(policy, err))
		return nil
	}

	// The bucket is usually unknown during a preview, and stringValue then returns "". Any bucket
	// that the statement covers is accepted, and the update checks the bucket name.
	bucketName, _ := stringValue(check.Resource.Properties.Get("bucket"))

	for _, statement := range document.Statement {
		if deniesInsecureTransport(statement, bucketName) {
			return nil
		}
	}
	check.Report("policy has no statement that denies \"s3:*\" to Principal \"*\" when " +
		"aws:SecureTransport is \"false\" on both the bucket and its objects, expected one.")
	return nil
}

// deniesInsecureTransport reports whether statement denies every S3 action to everyone on requests
// without TLS, for the bucket and its objects. An empty bucketName accepts any bucket.
func deniesInsecureTransport(statement policyStatement, bucketName string) bool {
	if statement.Effect != effectDeny || !statement.hasPublicPrincipal() {
		return false
	}
	if !statement.Action.containsFold("s3:*") && !statement.Action.contains("*") {
		return false
	}
	if !statement.conditionValues("Bool", "aws:SecureTransport").containsFold("false") {
		return false
	}
	return coversBucketAndObjects(statement.Resource, bucketName)
}

// coversBucketAndObjects reports whether resources contain both the ARN of a bucket and the ARN of
// all its objects, or "*". An empty bucketName accepts any bucket, and a bucket name of "*" in an
// ARN covers every bucket.
func coversBucketAndObjects(resources stringList, bucketName string) bool {
	if resources.contains("*") {
		return true
	}

	bucketLevel := map[string]bool{}
	objectLevel := map[string]bool{}
	for _, resource := range resources {
		name, ok := s3ResourceName(resource)
		if !ok {
			continue
		}
		if bucketPart, found := strings.CutSuffix(name, "/*"); found {
			objectLevel[bucketPart] = true
		} else if !strings.Contains(name, "/") {
			bucketLevel[name] = true
		}
	}

	covers := func(name string) bool {
		return (bucketLevel[name] || bucketLevel["*"]) && (objectLevel[name] || objectLevel["*"])
	}
	if bucketName != "" {
		return covers(bucketName)
	}
	for name := range bucketLevel {
		if covers(name) {
			return true
		}
	}
	return false
}

// s3ResourceName returns the part of an S3 ARN after "arn:PARTITION:s3:::", which is a bucket name
// or a bucket name followed by an object key.
func s3ResourceName(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "s3" || parts[3] != "" || parts[4] != "" {
		return "", false
	}
	return parts[5], true
}
