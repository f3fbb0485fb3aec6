package rules

import (
	"context"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyS3BucketEncryptionKMS is the name of the policy that requires SSE-KMS with a customer
// managed key.
const PolicyS3BucketEncryptionKMS = "s3-bucket-encryption-kms"

// kmsSSEAlgorithms are the sseAlgorithm values that encrypt with a KMS key: SSE-KMS and dual-layer
// SSE-KMS (DSSE-KMS).
var kmsSSEAlgorithms = map[string]bool{
	"aws:kms":      true,
	"aws:kms:dsse": true,
}

// newS3BucketEncryptionKMS returns the policy that guards the default encryption of a bucket.
//
// Every rule of a BucketServerSideEncryptionConfigurationV2 must use SSE-KMS or DSSE-KMS with an
// explicit kmsMasterKeyId. Without a key ID, S3 uses the AWS managed key aws/s3, whose key policy
// the account cannot change, so access to the key cannot be restricted. A key ID under
// alias/aws/ names such an AWS managed key and is rejected too.
func newS3BucketEncryptionKMS() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyS3BucketEncryptionKMS, policyx.ResourceValidationPolicyArgs{
		Description:      "S3 bucket default encryption must use SSE-KMS with a customer managed KMS key.",
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		ValidateResource: validateS3BucketEncryptionKMS,
	})
}

func validateS3BucketEncryptionKMS(_ context.Context, args policyx.ResourceValidationArgs) error {
	if args.Resource.Type != typeS3BucketEncryptionConfiguration {
		return nil
	}

	rulesValue := args.Resource.Properties.Get("rules")
	// Unknown rules are known at update time, when the engine validates the resource again.
	if rulesValue.IsComputed() {
		return nil
	}

	rules, _ := arrayValue(rulesValue)
	if len(rules) == 0 {
		reportViolation(args, "rules is %s, expected a rule whose applyServerSideEncryptionByDefault.sseAlgorithm "+
			"is \"aws:kms\" or \"aws:kms:dsse\".", describeValue(rulesValue))
		return nil
	}

	for i, rule := range rules {
		checkKMSEncryptionRule(args, indexedPath("rules", i), rule)
	}
	return nil
}

// checkKMSEncryptionRule reports a rule, named rulePath in messages, that does not encrypt with a
// customer managed KMS key.
func checkKMSEncryptionRule(args policyx.ResourceValidationArgs, rulePath string, rule property.Value) {
	defaultsPath := rulePath + ".applyServerSideEncryptionByDefault"
	defaults := valueAt(rule, "applyServerSideEncryptionByDefault")
	// An unknown rule or block is known at update time, when the engine validates the resource again.
	if defaults.IsComputed() {
		return
	}
	if _, ok := mapValue(defaults); !ok {
		reportViolation(args, "%s is %s, expected sseAlgorithm \"aws:kms\" or \"aws:kms:dsse\" with a kmsMasterKeyId.",
			defaultsPath, describeValue(defaults))
		return
	}

	algorithmValue := valueAt(defaults, "sseAlgorithm")
	algorithm, _ := stringValue(algorithmValue)
	switch {
	case algorithmValue.IsComputed():
		// Known at update time, when the engine validates the resource again.
	case !kmsSSEAlgorithms[algorithm]:
		reportViolation(args, "%s.sseAlgorithm is %s, expected \"aws:kms\" or \"aws:kms:dsse\".",
			defaultsPath, describeValue(algorithmValue))
		return
	}

	keyValue := valueAt(defaults, "kmsMasterKeyId")
	// The key ARN is usually unknown until the key exists, so a preview skips it and the update checks it.
	if keyValue.IsComputed() {
		return
	}
	// An alias under alias/aws/ names an AWS managed key, such as alias/aws/s3.
	if key, _ := stringValue(keyValue); key == "" || strings.Contains(key, "alias/aws/") {
		reportViolation(args, "%s.kmsMasterKeyId is %s, expected the ARN or ID of a customer managed KMS key.",
			defaultsPath, describeValue(keyValue))
	}
}
