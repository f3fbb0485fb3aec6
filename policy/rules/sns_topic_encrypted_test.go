package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestSNSTopicEncrypted(t *testing.T) {
	topic := func(key property.Value) property.Map {
		return propsOf(map[string]property.Value{"name": property.New("alerts"), "kmsMasterKeyId": key})
	}

	runPolicyCases(t, newSNSTopicEncrypted(), []policyCase{
		{name: "customer key", kind: caseCompliant, resourceType: typeSNSTopic,
			props: topic(property.New("arn:aws:kms:eu-west-1:123456789012:key/1"))},
		{name: "aws managed key", kind: caseViolation, resourceType: typeSNSTopic, props: topic(property.New("alias/aws/sns")),
			want: []string{`kmsMasterKeyId is "alias/aws/sns", expected the ARN or id of a customer managed KMS key.`}},
		{name: "not set", kind: caseViolation, resourceType: typeSNSTopic,
			props: propsOf(map[string]property.Value{"name": property.New("alerts")}),
			want:  []string{`kmsMasterKeyId is not set, expected the ARN or id of a customer managed KMS key.`}},
		{name: "queue", kind: caseOtherType, resourceType: typeSQSQueue, props: topic(property.New(""))},
		{name: "unknown", kind: caseUnknown, resourceType: typeSNSTopic, props: topic(unknownValue()),
			wantUnknown: []string{"kmsMasterKeyId"}},
	})
}
