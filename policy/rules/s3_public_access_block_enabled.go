package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
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
func newS3PublicAccessBlockEnabled() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3PublicAccessBlockEnabled,
		Description: "S3 public access blocks must turn on all four settings that block public ACLs and policies.",
		Rationale: "The block is the control that keeps a bucket private even when a later ACL or bucket policy " +
			"would open it. A block with any setting off leaves that path to public access open.",
		RemediationSteps: "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to " +
			"true on the BucketPublicAccessBlock.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags:             []string{"aws", "s3", "public-exposure", tagHIPAA + "164.312(a)(1)", tagPCI + "1.3.1"},
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		ResourceTypes:    []string{typeS3BucketPublicAccessBlock},
		ValidateResource: validateS3PublicAccessBlockEnabled,
	}
}

func validateS3PublicAccessBlockEnabled(_ context.Context, check *pack.ResourceCheck) error {
	for _, setting := range publicAccessBlockSettings {
		value := check.Resource.Properties.Get(setting)
		if !check.Known(setting, value) {
			continue
		}

		if enabled, ok := boolValue(value); ok && enabled {
			continue
		}
		check.Report("%s is %s, expected true.", setting, describeValue(value))
	}
	return nil
}
