package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketHasPublicAccessBlock is the name of the stack policy that requires a public access
// block for every bucket.
const PolicyS3BucketHasPublicAccessBlock = "s3-bucket-has-public-access-block"

// publicAccessBlockJoin finds the public access blocks of a bucket.
var publicAccessBlockJoin = siblingJoin{
	siblingTypes: []string{typeS3BucketPublicAccessBlock},
	property:     "bucket",
	targetKeys:   []string{"bucket"},
}

// newS3BucketHasPublicAccessBlock returns the stack policy that requires each Bucket and BucketV2 to
// have a BucketPublicAccessBlock, unless the stack has an AccountPublicAccessBlock with all four
// settings true. s3-public-access-block-enabled checks the settings of each BucketPublicAccessBlock
// before it is created. This policy runs once all resources are registered, because the block is a
// resource of its own.
func newS3BucketHasPublicAccessBlock() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketHasPublicAccessBlock,
		Description: "S3 buckets must have a public access block, or the stack an account-level one.",
		Rationale: "Without a public access block, one public ACL or bucket policy statement, written by mistake " +
			"or by a compromised principal, is enough to publish the bucket's objects.",
		RemediationSteps: "Add a BucketPublicAccessBlock whose bucket is the bucket, with blockPublicAcls, " +
			"blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true, or manage an " +
			"AccountPublicAccessBlock with all four set to true in the stack.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "s3", "public-exposure"},
			withPrefix(tagHIPAA, "164.308(a)(3)(i)", "164.308(a)(4)(ii)(A)", "164.308(a)(4)(ii)(C)",
				"164.312(a)(1)", "164.312(e)(1)"),
			withPrefix(tagPCI, "1.2", "1.2.1", "1.3", "1.3.1", "1.3.2", "1.3.4", "1.3.6", "2.2.2"),
			withPrefix(tagCheckov, "CKV2_AWS_6"),
			withPrefix(tagCDKNag, "AwsSolutions-S2", "S3BucketLevelPublicAccessProhibited"),
		),
		Framework:     hipaaControl("164.312(a)(1)", "Access control"),
		ResourceTypes: []string{typeS3Bucket, typeS3BucketV2},
		ValidateStack: validateS3BucketHasPublicAccessBlock,
	}
}

func validateS3BucketHasPublicAccessBlock(_ context.Context, check *pack.StackCheck) error {
	unblocked := missingSiblings(check, check.OfType(typeS3Bucket, typeS3BucketV2), publicAccessBlockJoin)
	if len(unblocked) == 0 {
		return nil
	}

	// An account block with settings still unknown may cover the buckets once they are known, so
	// the buckets are judged again at the update.
	if blocked, unknown := accountPublicAccessBlocked(check); blocked || unknown {
		return nil
	}
	for _, bucket := range unblocked {
		check.Report(bucket, "no %s has bucket set to this bucket, expected one with blockPublicAcls, "+
			"blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true, or an %s with all four true.",
			typeS3BucketPublicAccessBlock, typeS3AccountPublicAccessBlock)
	}
	return nil
}

// accountPublicAccessBlocked reports whether an AccountPublicAccessBlock of the stack has all four
// settings true. unknown is true when no block has them all true yet but one may, because some of its
// settings are unknown. The function records those settings as unknown.
func accountPublicAccessBlocked(check *pack.StackCheck) (blocked, unknown bool) {
	for _, block := range check.OfType(typeS3AccountPublicAccessBlock) {
		complete, pending := true, false
		for _, setting := range publicAccessBlockSettings {
			value := block.Properties.Get(setting)
			if value.IsComputed() {
				pending = true
				continue
			}
			if enabled, _ := boolValue(value); !enabled {
				complete = false
			}
		}
		switch {
		case complete && !pending:
			return true, false
		case complete:
			unknown = true
			for _, setting := range publicAccessBlockSettings {
				check.Known(block, setting, block.Properties.Get(setting))
			}
		}
	}
	return false, unknown
}
