package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyS3PublicAccessBlockEnabled is the name of the policy that requires all four public access
// block settings.
const PolicyS3PublicAccessBlockEnabled = "s3-public-access-block-enabled"

// publicAccessBlockSettings are the BucketPublicAccessBlock arguments that must all be true. Each one
// defaults to false when it is not set.
var publicAccessBlockSettings = []string{
	"blockPublicAcls",
	"blockPublicPolicy",
	"ignorePublicAcls",
	"restrictPublicBuckets",
}

// newS3PublicAccessBlockEnabled returns the policy that guards the public access block of a bucket.
//
// The block is the control that keeps a bucket private even when a later ACL or bucket policy would
// open it. A block with any setting off leaves that path to public access open.
func newS3PublicAccessBlockEnabled() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyS3PublicAccessBlockEnabled, policyx.ResourceValidationPolicyArgs{
		Description:      "S3 public access blocks must turn on all four settings that block public ACLs and policies.",
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		ValidateResource: validateS3PublicAccessBlockEnabled,
	})
}

func validateS3PublicAccessBlockEnabled(_ context.Context, args policyx.ResourceValidationArgs) error {
	if args.Resource.Type != typeS3BucketPublicAccessBlock {
		return nil
	}

	for _, setting := range publicAccessBlockSettings {
		value := args.Resource.Properties.Get(setting)
		// An unknown setting is known at update time, when the engine validates the resource again.
		if value.IsComputed() {
			continue
		}

		if enabled, ok := boolValue(value); ok && enabled {
			continue
		}
		reportViolation(args, "%s is %s, expected true.", setting, describeValue(value))
	}
	return nil
}
