package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySSMParameterCustomerManagedKey is the name of the policy that recommends a customer managed
// key on SecureString parameters.
const PolicySSMParameterCustomerManagedKey = "ssm-parameter-customer-managed-key"

// ssmManagedKeyAlias is the AWS managed key that Parameter Store uses when a SecureString parameter
// sets no keyId.
const ssmManagedKeyAlias = "alias/aws/ssm"

// newSSMParameterCustomerManagedKey returns the policy that checks keyId on SecureString parameters.
// String and StringList parameters are not encrypted, and ssm-parameter-secure-string judges their type.
func newSSMParameterCustomerManagedKey() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySSMParameterCustomerManagedKey,
		Description: "SecureString parameters should be encrypted with a customer managed KMS key.",
		Rationale: "With the AWS managed key alias/aws/ssm, every principal of the account with ssm:GetParameter " +
			"can decrypt the parameter. A customer managed key adds a key policy that names who may decrypt, and " +
			"its use shows in CloudTrail.",
		RemediationSteps: "Create a KMS key with rotation enabled and set the parameter's keyId to its ARN or id.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "ssm", "encryption", tagHIPAA + "164.312(a)(2)(iv)", tagPCI + "3.4"},
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeSSMParameter},
		ValidateResource: validateSSMParameterCustomerManagedKey,
	}
}

func validateSSMParameterCustomerManagedKey(_ context.Context, check *pack.ResourceCheck) error {
	parameterType := check.Resource.Properties.Get("type")
	if !check.Known("type", parameterType) {
		return nil
	}
	if value, _ := stringValue(parameterType); value != "SecureString" {
		return nil
	}

	key := check.Resource.Properties.Get("keyId")
	if !check.Known("keyId", key) {
		return nil
	}
	if value, _ := stringValue(key); value == "" || value == ssmManagedKeyAlias {
		check.Report("keyId is %s on a SecureString parameter, expected the ARN or id of a customer managed KMS key.",
			describeValue(key))
	}
	return nil
}
