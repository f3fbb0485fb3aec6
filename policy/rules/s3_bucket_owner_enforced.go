package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyS3BucketOwnerEnforced is the name of the policy that requires ACLs to be disabled.
const PolicyS3BucketOwnerEnforced = "s3-bucket-owner-enforced"

// newS3BucketOwnerEnforced returns the policy that guards the object ownership setting of a bucket.
//
// With BucketOwnerEnforced, S3 disables ACLs and the bucket owner owns every object, so access is
// decided by IAM and bucket policies alone. The other settings keep ACLs working, and an object
// written by another account would stay under that account's control.
func newS3BucketOwnerEnforced() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyS3BucketOwnerEnforced, policyx.ResourceValidationPolicyArgs{
		Description:      "S3 bucket ownership controls must be BucketOwnerEnforced, which disables ACLs.",
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		ValidateResource: validateS3BucketOwnerEnforced,
	})
}

func validateS3BucketOwnerEnforced(_ context.Context, args policyx.ResourceValidationArgs) error {
	if args.Resource.Type != typeS3BucketOwnershipControls {
		return nil
	}

	ownership := propertyAt(args.Resource.Properties, "rule", "objectOwnership")
	// An unknown setting is known at update time, when the engine validates the resource again.
	if ownership.IsComputed() {
		return nil
	}

	if value, _ := stringValue(ownership); value != "BucketOwnerEnforced" {
		reportViolation(args, "rule.objectOwnership is %s, expected \"BucketOwnerEnforced\".", describeValue(ownership))
	}
	return nil
}
