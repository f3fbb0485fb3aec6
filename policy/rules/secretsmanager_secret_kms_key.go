package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySecretsManagerSecretKMSKey is the name of the policy that recommends a customer managed key
// on Secrets Manager secrets.
const PolicySecretsManagerSecretKMSKey = "secretsmanager-secret-kms-key"

// newSecretsManagerSecretKMSKey returns the policy that checks kmsKeyId on a secret. Without it,
// Secrets Manager uses the AWS managed key aws/secretsmanager, whose key policy the account cannot
// narrow.
func newSecretsManagerSecretKMSKey() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySecretsManagerSecretKMSKey,
		Description: "Secrets Manager secrets should be encrypted with a customer managed KMS key.",
		Rationale: "With the AWS managed key, every principal of the account with secretsmanager:GetSecretValue " +
			"can decrypt the secret. A customer managed key adds a key policy that names who may decrypt, and " +
			"its use shows in CloudTrail.",
		RemediationSteps: "Create a KMS key with rotation enabled and set the secret's kmsKeyId to its ARN or id.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "secretsmanager", "encryption", tagHIPAA + "164.312(a)(2)(iv)", tagPCI + "3.4"},
			withPrefix(tagCheckov, "CKV_AWS_149"),
			withPrefix(tagCDKNag, "SecretsManagerUsingKMSKey"),
			withPrefix(tagComplianceReady, "secretsmanager-secret-configure-customer-managed-key"),
		),
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeSecretsManagerSecret},
		ValidateResource: validateSecretsManagerSecretKMSKey,
	}
}

func validateSecretsManagerSecretKMSKey(_ context.Context, check *pack.ResourceCheck) error {
	key := check.Resource.Properties.Get("kmsKeyId")
	if !check.Known("kmsKeyId", key) {
		return nil
	}
	value, _ := stringValue(key)
	if value == "" || value == "alias/aws/secretsmanager" {
		check.Report("kmsKeyId is %s, expected the ARN or id of a customer managed KMS key.", describeValue(key))
	}
	return nil
}
