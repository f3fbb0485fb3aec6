package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudTrailBucketHardened is the name of the stack policy that requires Object Lock and server
// access logging on the buckets that trails deliver to.
const PolicyCloudTrailBucketHardened = "cloudtrail-bucket-hardened"

// newCloudTrailBucketHardened returns the stack policy that finds each trail's bucket in the stack (the
// bucket that s3BucketName names or was built from) and requires objectLockEnabled true and server
// access logging, as a BucketLoggingV2 or inline loggings. The public access block and the TLS-only
// bucket policy of the trail bucket are checked by s3-bucket-has-public-access-block and
// s3-bucket-has-tls-policy, which apply to every bucket.
//
// NOTE: it is disabled because the dev stack's trail bucket has neither: the Audit component turns them
// on only with ObjectLockMode and AccessLogging, which Pulumi.dev.yaml does not set. A trail that
// delivers to a bucket of another stack is not checked.
func newCloudTrailBucketHardened() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudTrailBucketHardened,
		Description: "CloudTrail buckets should have Object Lock and server access logging.",
		Rationale: "An intruder with write access to the trail bucket can delete or overwrite the log files that " +
			"record the intrusion. Object Lock keeps them for the retention period whatever the caller's " +
			"permissions, and access logs show who read or tried to change them.",
		RemediationSteps: "Create the trail bucket with objectLockEnabled true and a BucketObjectLockConfigurationV2 " +
			"default retention, and add a BucketLoggingV2 that logs it to a separate log bucket.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityMedium,
		Tags: []string{"aws", "cloudtrail", "s3", "logging", tagHIPAA + "164.312(c)(1)", tagPCI + "10.5.2",
			tagCheckov + "CKV_AWS_18"},
		Framework:     pciControl("10.5.2", "Protect audit trail files from unauthorized modifications"),
		Waivable:      true,
		ResourceTypes: []string{typeCloudTrailTrail, typeS3Bucket, typeS3BucketV2, typeS3BucketLoggingV2},
		ValidateStack: validateCloudTrailBucketHardened,
	}
}

func validateCloudTrailBucketHardened(_ context.Context, check *pack.StackCheck) error {
	for _, bucket := range trailBuckets(check) {
		lock := bucket.Properties.Get("objectLockEnabled")
		if check.Known(bucket, "objectLockEnabled", lock) {
			if enabled, _ := boolValue(lock); !enabled {
				check.Report(bucket, "the bucket receives CloudTrail logs and objectLockEnabled is %s, expected true.",
					describeValue(lock))
			}
		}
		if hasInlineLogging(bucket) {
			continue
		}
		if len(missingSiblings(check, []pack.Resource{bucket}, bucketLoggingJoin)) > 0 {
			check.Report(bucket, "the bucket receives CloudTrail logs and no %s has bucket set to it, expected server "+
				"access logging to a separate log bucket.", typeS3BucketLoggingV2)
		}
	}
	return nil
}

// trailBuckets returns the buckets of the stack that a trail's s3BucketName names or was built from.
func trailBuckets(check *pack.StackCheck) []pack.Resource {
	var found []pack.Resource
	for _, bucket := range check.OfType(typeS3Bucket, typeS3BucketV2) {
		name, _ := stringValue(bucket.Properties.Get("bucket"))
		for _, trail := range check.OfType(typeCloudTrailTrail) {
			target, _ := stringValue(trail.Properties.Get("s3BucketName"))
			if slices.Contains(trail.PropertyDependencies["s3BucketName"], bucket.URN) || (name != "" && target == name) {
				found = append(found, bucket)
				break
			}
		}
	}
	return found
}
