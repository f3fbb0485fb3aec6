package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudTrailEncryptionKMS is the name of the policy that requires KMS encryption of trail logs.
const PolicyCloudTrailEncryptionKMS = "cloudtrail-encryption-kms"

// newCloudTrailEncryptionKMS returns the policy that requires each trail to encrypt its log files with
// a KMS key. The key ARN is usually unknown until the key exists, so a preview reports it as not
// checked yet.
func newCloudTrailEncryptionKMS() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudTrailEncryptionKMS,
		Description: "CloudTrail trails must encrypt their log files with a KMS key.",
		Rationale: "Without kmsKeyId, log files are encrypted with S3 managed keys, so anyone who can read the " +
			"bucket can read the account's whole API history. With a KMS key, reading also needs kms:Decrypt, " +
			"which the key policy limits to the auditors.",
		RemediationSteps: "Set kmsKeyId on the trail to the ARN of a customer managed key whose key policy lets " +
			"cloudtrail.amazonaws.com encrypt for this trail and lets the auditors decrypt.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudtrail", "audit-trail", "encryption"},
			withPrefix(tagHIPAA, "164.312(a)(2)(iv)", "164.312(e)(2)(ii)"),
			withPrefix(tagPCI, "2.2", "3.4", "10.5"),
			withPrefix(tagCheckov, "CKV_AWS_35"),
			withPrefix(tagCDKNag, "CloudTrailEncryptionEnabled"),
		),
		Framework:        pciControl("10.5", "Secure audit trails so they cannot be altered"),
		ResourceTypes:    []string{typeCloudTrailTrail},
		ValidateResource: validateCloudTrailEncryptionKMS,
	}
}

func validateCloudTrailEncryptionKMS(_ context.Context, check *pack.ResourceCheck) error {
	key := check.Resource.Properties.Get("kmsKeyId")
	if !check.Known("kmsKeyId", key) {
		return nil
	}

	if !isSetString(key) {
		check.Report("kmsKeyId is %s, expected the ARN of a KMS key.", describeValue(key))
	}
	return nil
}
