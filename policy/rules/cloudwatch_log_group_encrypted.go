package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudWatchLogGroupEncrypted is the name of the policy that requires KMS encryption of log
// groups.
const PolicyCloudWatchLogGroupEncrypted = "cloudwatch-log-group-encrypted"

// newCloudWatchLogGroupEncrypted returns the policy that requires each log group to be encrypted with a
// customer managed KMS key. CloudWatch Logs encrypts every log group with a service key anyway, so the
// policy is advisory in the baseline profile and mandatory in the hipaa and pci profiles, where access
// to log data must be limited through the key policy.
func newCloudWatchLogGroupEncrypted() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudWatchLogGroupEncrypted,
		Description: "CloudWatch log groups should be encrypted with a customer managed KMS key.",
		Rationale: "Function logs can hold personal data and tokens. With kmsKeyId, reading the log events also " +
			"needs kms:Decrypt on the key, so the key policy limits and CloudTrail records who reads them.",
		RemediationSteps: "Set kmsKeyId on the log group to the ARN of a customer managed key whose key policy " +
			"lets logs.<region>.amazonaws.com use it for this log group's ARN.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "cloudwatch", "logging", "encryption"},
			withPrefix(tagHIPAA, "164.312(a)(2)(iv)", "164.312(e)(2)(ii)"),
			withPrefix(tagPCI, "3.4"),
			withPrefix(tagCheckov, "CKV_AWS_158"),
			withPrefix(tagCDKNag, "CloudWatchLogGroupEncrypted"),
		),
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeCloudWatchLogGroup},
		ValidateResource: validateCloudWatchLogGroupEncrypted,
	}
}

func validateCloudWatchLogGroupEncrypted(_ context.Context, check *pack.ResourceCheck) error {
	key := check.Resource.Properties.Get("kmsKeyId")
	if !check.Known("kmsKeyId", key) {
		return nil
	}

	if !isSetString(key) {
		check.Report("kmsKeyId is %s, expected the ARN of a customer managed KMS key.", describeValue(key))
	}
	return nil
}
