package rules

import (
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// bucketLoggingJoin finds the server access logging configuration of a bucket.
var bucketLoggingJoin = siblingJoin{
	siblingTypes: []string{typeS3BucketLoggingV2},
	property:     "bucket",
	targetKeys:   []string{"bucket"},
}

// isLogTargetBucket reports whether bucket receives logs from another resource of the stack: S3 server
// access logs (the targetBucket of a BucketLoggingV2, or an inline loggings entry of a Bucket) or
// CloudWatch Logs deliveries (the destinationResourceArn of a LogDeliveryDestination).
func isLogTargetBucket(check *pack.StackCheck, bucket pack.Resource) bool {
	name, _ := stringValue(bucket.Properties.Get("bucket"))

	for _, logging := range check.OfType(typeS3BucketLoggingV2) {
		if slices.Contains(logging.PropertyDependencies["targetBucket"], bucket.URN) {
			return true
		}
		if target, ok := stringValue(logging.Properties.Get("targetBucket")); ok && name != "" && target == name {
			return true
		}
	}
	for _, other := range check.OfType(typeS3Bucket, typeS3BucketV2) {
		loggings, _ := arrayValue(other.Properties.Get("loggings"))
		for _, logging := range loggings {
			if target, ok := stringValue(valueAt(logging, "targetBucket")); ok && name != "" && target == name {
				return true
			}
		}
	}
	for _, destination := range check.OfType(typeCloudWatchLogDeliveryDestination) {
		if slices.Contains(destination.PropertyDependencies["deliveryDestinationConfiguration"], bucket.URN) {
			return true
		}
		arn, _ := stringValue(propertyAt(destination.Properties, "deliveryDestinationConfiguration", "destinationResourceArn"))
		if name != "" && bucketNameOfARN(arn) == name {
			return true
		}
	}
	return false
}

// bucketNameOfARN returns the bucket name of an S3 bucket or object ARN, such as "logs" for
// "arn:aws:s3:::logs/cloudfront", or "" for any other string.
func bucketNameOfARN(arn string) string {
	_, rest, found := strings.Cut(arn, ":s3:::")
	if !found || !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// hasInlineLogging reports whether a bucket configures server access logging in its own loggings
// argument, which the Bucket resource and the deprecated input of BucketV2 accept.
func hasInlineLogging(bucket pack.Resource) bool {
	return hasElements(bucket.Properties.Get("loggings"))
}
