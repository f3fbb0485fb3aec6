package rules

import (
	"context"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
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

// newS3BucketEncryptionKMS returns the policy that guards the default encryption of a bucket. Every
// rule of a BucketServerSideEncryptionConfigurationV2 must use SSE-KMS or DSSE-KMS with an explicit
// kmsMasterKeyId. A key ID under alias/aws/ names an AWS managed key and is rejected too.
func newS3BucketEncryptionKMS() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketEncryptionKMS,
		Description: "S3 bucket default encryption must use SSE-KMS with a customer managed KMS key.",
		Rationale: "Without a key ID, S3 uses the AWS managed key aws/s3, whose key policy the account cannot " +
			"change, so access to the key, and through it to the data, cannot be restricted or audited apart.",
		RemediationSteps: "Set applyServerSideEncryptionByDefault.sseAlgorithm to \"aws:kms\" and kmsMasterKeyId " +
			"to the ARN of a customer managed key with rotation, and turn on bucketKeyEnabled to lower KMS costs.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags:             []string{"aws", "s3", "encryption", tagHIPAA + "164.312(a)(2)(iv)", tagPCI + "3.4"},
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		ResourceTypes:    []string{typeS3BucketEncryptionConfiguration},
		ValidateResource: validateS3BucketEncryptionKMS,
	}
}

func validateS3BucketEncryptionKMS(_ context.Context, check *pack.ResourceCheck) error {
	rulesValue := check.Resource.Properties.Get("rules")
	if !check.Known("rules", rulesValue) {
		return nil
	}

	rules, _ := arrayValue(rulesValue)
	if len(rules) == 0 {
		check.Report("rules is %s, expected a rule whose applyServerSideEncryptionByDefault.sseAlgorithm "+
			"is \"aws:kms\" or \"aws:kms:dsse\".", describeValue(rulesValue))
		return nil
	}

	for i, rule := range rules {
		checkKMSEncryptionRule(check, indexedPath("rules", i), rule)
	}
	return nil
}

// checkKMSEncryptionRule reports a rule, named rulePath in messages, that does not encrypt with a
// customer managed KMS key.
func checkKMSEncryptionRule(check *pack.ResourceCheck, rulePath string, rule property.Value) {
	defaultsPath := rulePath + ".applyServerSideEncryptionByDefault"
	if !check.Known(rulePath, rule) {
		return
	}
	defaults := valueAt(rule, "applyServerSideEncryptionByDefault")
	if !check.Known(defaultsPath, defaults) {
		return
	}
	if _, ok := mapValue(defaults); !ok {
		check.Report("%s is %s, expected sseAlgorithm \"aws:kms\" or \"aws:kms:dsse\" with a kmsMasterKeyId.",
			defaultsPath, describeValue(defaults))
		return
	}

	algorithmValue := valueAt(defaults, "sseAlgorithm")
	algorithm, _ := stringValue(algorithmValue)
	if check.Known(defaultsPath+".sseAlgorithm", algorithmValue) && !kmsSSEAlgorithms[algorithm] {
		check.Report("%s.sseAlgorithm is %s, expected \"aws:kms\" or \"aws:kms:dsse\".",
			defaultsPath, describeValue(algorithmValue))
		return
	}

	keyValue := valueAt(defaults, "kmsMasterKeyId")
	// The key ARN is usually unknown until the key exists, so a preview reports it as not checked yet.
	if !check.Known(defaultsPath+".kmsMasterKeyId", keyValue) {
		return
	}
	// An alias under alias/aws/ names an AWS managed key, such as alias/aws/s3.
	if key, _ := stringValue(keyValue); key == "" || strings.Contains(key, "alias/aws/") {
		check.Report("%s.kmsMasterKeyId is %s, expected the ARN or ID of a customer managed KMS key.",
			defaultsPath, describeValue(keyValue))
	}
}
