package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestSQSQueueEncrypted(t *testing.T) {
	queue := func(fields map[string]property.Value) property.Map {
		fields["name"] = property.New("failures")
		return propsOf(fields)
	}

	runPolicyCases(t, newSQSQueueEncrypted(), []policyCase{
		{name: "sse-sqs", kind: caseCompliant, resourceType: typeSQSQueue,
			props: queue(map[string]property.Value{"sqsManagedSseEnabled": property.New(true)})},
		{name: "sse-kms", kind: caseCompliant, resourceType: typeSQSQueue,
			props: queue(map[string]property.Value{"kmsMasterKeyId": property.New("arn:aws:kms:eu-west-1:123456789012:key/1")})},
		{name: "sse-sqs off", kind: caseViolation, resourceType: typeSQSQueue,
			props: queue(map[string]property.Value{"sqsManagedSseEnabled": property.New(false)}),
			want:  []string{`kmsMasterKeyId is not set and sqsManagedSseEnabled is false, expected a KMS key or sqsManagedSseEnabled true.`}},
		{name: "nothing set", kind: caseViolation, resourceType: typeSQSQueue, props: queue(map[string]property.Value{}),
			want: []string{`kmsMasterKeyId is not set and sqsManagedSseEnabled is not set, expected a KMS key or sqsManagedSseEnabled true.`}},
		{name: "topic", kind: caseOtherType, resourceType: typeSNSTopic, props: queue(map[string]property.Value{})},
		{name: "unknown key", kind: caseUnknown, resourceType: typeSQSQueue,
			props: queue(map[string]property.Value{"kmsMasterKeyId": unknownValue()}), wantUnknown: []string{"kmsMasterKeyId"}},
	})
}
