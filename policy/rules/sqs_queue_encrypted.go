package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySQSQueueEncrypted is the name of the policy that recommends server-side encryption on SQS
// queues.
const PolicySQSQueueEncrypted = "sqs-queue-encrypted"

// newSQSQueueEncrypted returns the policy that checks that a queue sets SSE-KMS (kmsMasterKeyId) or
// SSE-SQS (sqsManagedSseEnabled).
func newSQSQueueEncrypted() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySQSQueueEncrypted,
		Description: "SQS queues should use server-side encryption: SSE-KMS or SSE-SQS.",
		Rationale: "Dead-letter queues keep failed events, with their payloads, for up to 14 days. Server-side " +
			"encryption keeps them unreadable at rest.",
		RemediationSteps: "Set sqsManagedSseEnabled to true, or set kmsMasterKeyId to a customer managed KMS key.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "sqs", "encryption", tagHIPAA + "164.312(a)(2)(iv)", tagPCI + "3.4"},
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeSQSQueue},
		ValidateResource: validateSQSQueueEncrypted,
	}
}

func validateSQSQueueEncrypted(_ context.Context, check *pack.ResourceCheck) error {
	properties := check.Resource.Properties
	key := properties.Get("kmsMasterKeyId")
	managed := properties.Get("sqsManagedSseEnabled")
	if !check.Known("kmsMasterKeyId", key) || !check.Known("sqsManagedSseEnabled", managed) {
		return nil
	}

	keyID, _ := stringValue(key)
	managedEnabled, _ := boolValue(managed)
	if keyID == "" && !managedEnabled {
		check.Report("kmsMasterKeyId is %s and sqsManagedSseEnabled is %s, expected a KMS key or sqsManagedSseEnabled true.",
			describeValue(key), describeValue(managed))
	}
	return nil
}
