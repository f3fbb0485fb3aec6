package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySNSTopicEncrypted is the name of the policy that recommends KMS encryption on SNS topics.
const PolicySNSTopicEncrypted = "sns-topic-encrypted"

// newSNSTopicEncrypted returns the policy that checks kmsMasterKeyId on a topic. The AWS managed key
// alias/aws/sns fails, because CloudWatch alarms and EventBridge cannot publish to a topic encrypted
// with it.
func newSNSTopicEncrypted() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySNSTopicEncrypted,
		Description: "SNS topics should be encrypted with a customer managed KMS key.",
		Rationale: "Security alerts and findings pass through the platform's topics. Encryption at rest keeps " +
			"messages waiting for delivery unreadable without the key, and a customer managed key lets the key " +
			"policy admit the AWS services that publish alarms.",
		RemediationSteps: "Create a KMS key whose policy lets the publishing services use it, and set the topic's " +
			"kmsMasterKeyId to its ARN.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "sns", "encryption", tagHIPAA + "164.312(a)(2)(iv)", tagPCI + "3.4"},
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeSNSTopic},
		ValidateResource: validateSNSTopicEncrypted,
	}
}

func validateSNSTopicEncrypted(_ context.Context, check *pack.ResourceCheck) error {
	key := check.Resource.Properties.Get("kmsMasterKeyId")
	if !check.Known("kmsMasterKeyId", key) {
		return nil
	}
	value, _ := stringValue(key)
	if value == "" || value == "alias/aws/sns" {
		check.Report("kmsMasterKeyId is %s, expected the ARN or id of a customer managed KMS key.", describeValue(key))
	}
	return nil
}
