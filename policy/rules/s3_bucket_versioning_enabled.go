package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyS3BucketVersioningEnabled is the name of the policy that recommends bucket versioning.
const PolicyS3BucketVersioningEnabled = "s3-bucket-versioning-enabled"

// newS3BucketVersioningEnabled returns the policy that checks the versioning status of a bucket.
//
// Versioning keeps overwritten and deleted objects recoverable, which protects user files against
// mistakes and ransomware. It also raises storage costs, so the policy is advisory.
func newS3BucketVersioningEnabled() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyS3BucketVersioningEnabled, policyx.ResourceValidationPolicyArgs{
		Description:      "S3 buckets should have versioning enabled so that overwritten and deleted objects can be recovered.",
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateResource: validateS3BucketVersioningEnabled,
	})
}

func validateS3BucketVersioningEnabled(_ context.Context, args policyx.ResourceValidationArgs) error {
	if args.Resource.Type != typeS3BucketVersioningV2 {
		return nil
	}

	status := propertyAt(args.Resource.Properties, "versioningConfiguration", "status")
	// An unknown status is known at update time, when the engine validates the resource again.
	if status.IsComputed() {
		return nil
	}

	if value, _ := stringValue(status); value != "Enabled" {
		reportViolation(args, "versioningConfiguration.status is %s, expected \"Enabled\".", describeValue(status))
	}
	return nil
}
