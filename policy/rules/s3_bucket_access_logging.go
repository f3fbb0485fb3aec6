package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketAccessLogging is the name of the stack policy that requires server access logging on
// every bucket that is not itself a log target.
const PolicyS3BucketAccessLogging = "s3-bucket-access-logging"

// newS3BucketAccessLogging returns the stack policy that requires, for each bucket, a BucketLoggingV2
// whose bucket is that bucket (or an inline loggings entry). A bucket that receives S3 server access
// logs or CloudWatch Logs deliveries is exempt, because logging it to itself loops and logging it to a
// third bucket only moves the question.
//
// NOTE: it is disabled because the dev stack's CloudTrail bucket has no server access logging: the
// Audit component logs it only when AccessLogging is on, which Pulumi.dev.yaml does not set.
func newS3BucketAccessLogging() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketAccessLogging,
		Description: "S3 buckets should have server access logging, except buckets that receive logs.",
		Rationale: "Server access logs record every request to a bucket, including anonymous and denied ones and " +
			"requests that CloudTrail data events do not cover, so an investigation can trace who read or " +
			"changed stored data.",
		RemediationSteps: "Add a BucketLoggingV2 with the bucket's name in bucket and a log bucket of the stack in " +
			"targetBucket, with a targetPrefix per source bucket.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityMedium,
		Tags: []string{"aws", "s3", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.2.1",
			tagCheckov + "CKV_AWS_18", tagCDKNag + "S3BucketLoggingEnabled"},
		Framework:     hipaaControl("164.312(b)", "Audit controls"),
		Waivable:      true,
		ResourceTypes: []string{typeS3Bucket, typeS3BucketV2, typeS3BucketLoggingV2, typeCloudWatchLogDeliveryDestination},
		ValidateStack: validateS3BucketAccessLogging,
	}
}

func validateS3BucketAccessLogging(_ context.Context, check *pack.StackCheck) error {
	var unlogged []pack.Resource
	for _, bucket := range check.OfType(typeS3Bucket, typeS3BucketV2) {
		if !hasInlineLogging(bucket) {
			unlogged = append(unlogged, bucket)
		}
	}

	for _, bucket := range missingSiblings(check, unlogged, bucketLoggingJoin) {
		if isLogTargetBucket(check, bucket) {
			continue
		}
		check.Report(bucket, "no %s has bucket set to this bucket, and the bucket receives no logs, expected "+
			"server access logging to a log bucket.", typeS3BucketLoggingV2)
	}
	return nil
}
