package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketOwnerEnforced is the name of the policy that requires ACLs to be disabled.
const PolicyS3BucketOwnerEnforced = "s3-bucket-owner-enforced"

// newS3BucketOwnerEnforced returns the policy that guards the object ownership setting of a bucket.
// It is waivable because some AWS log deliveries still write to buckets through ACLs.
func newS3BucketOwnerEnforced() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketOwnerEnforced,
		Description: "S3 bucket ownership controls must be BucketOwnerEnforced, which disables ACLs.",
		Rationale: "With BucketOwnerEnforced, S3 disables ACLs and the bucket owner owns every object, so access " +
			"is decided by IAM and bucket policies alone. The other settings keep ACLs working, and an object " +
			"written by another account would stay under that account's control.",
		RemediationSteps: "Set rule.objectOwnership to \"BucketOwnerEnforced\" on the BucketOwnershipControls, " +
			"and grant access through the bucket policy instead of ACLs.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags:             []string{"aws", "s3", "access-control"},
		Waivable:         true,
		ResourceTypes:    []string{typeS3BucketOwnershipControls},
		ValidateResource: validateS3BucketOwnerEnforced,
	}
}

func validateS3BucketOwnerEnforced(_ context.Context, check *pack.ResourceCheck) error {
	ownership := propertyAt(check.Resource.Properties, "rule", "objectOwnership")
	if !check.Known("rule.objectOwnership", ownership) {
		return nil
	}

	if value, _ := stringValue(ownership); value != "BucketOwnerEnforced" {
		check.Report("rule.objectOwnership is %s, expected \"BucketOwnerEnforced\".", describeValue(ownership))
	}
	return nil
}
