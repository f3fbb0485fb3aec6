package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestSecretsManagerSecretKMSKey(t *testing.T) {
	secret := func(key property.Value) property.Map {
		return propsOf(map[string]property.Value{"name": property.New("origin-verify"), "kmsKeyId": key})
	}

	runPolicyCases(t, newSecretsManagerSecretKMSKey(), []policyCase{
		{name: "customer key", kind: caseCompliant, resourceType: typeSecretsManagerSecret,
			props: secret(property.New("arn:aws:kms:eu-west-1:123456789012:key/1"))},
		{name: "aws managed alias", kind: caseViolation, resourceType: typeSecretsManagerSecret,
			props: secret(property.New("alias/aws/secretsmanager")),
			want:  []string{`kmsKeyId is "alias/aws/secretsmanager", expected the ARN or id of a customer managed KMS key.`}},
		{name: "not set", kind: caseViolation, resourceType: typeSecretsManagerSecret,
			props: propsOf(map[string]property.Value{"name": property.New("origin-verify")}),
			want:  []string{`kmsKeyId is not set, expected the ARN or id of a customer managed KMS key.`}},
		{name: "secret policy", kind: caseOtherType, resourceType: typeSecretsManagerSecretPolicy, props: secret(property.New(""))},
		{name: "unknown", kind: caseUnknown, resourceType: typeSecretsManagerSecret, props: secret(unknownValue()),
			wantUnknown: []string{"kmsKeyId"}},
	})
}
