package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestSSMParameterCustomerManagedKey(t *testing.T) {
	parameter := func(parameterType string, key property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name": property.New("/app/token"), "type": property.New(parameterType), "keyId": key,
		})
	}

	runPolicyCases(t, newSSMParameterCustomerManagedKey(), []policyCase{
		{name: "customer key", kind: caseCompliant, resourceType: typeSSMParameter,
			props: parameter("SecureString", property.New("arn:aws:kms:eu-west-1:123456789012:key/1"))},
		{name: "plain string", kind: caseCompliant, resourceType: typeSSMParameter,
			props: propsOf(map[string]property.Value{"name": property.New("/app/region"), "type": property.New("String")})},
		{name: "aws managed key", kind: caseViolation, resourceType: typeSSMParameter,
			props: parameter("SecureString", property.New("alias/aws/ssm")),
			want:  []string{`keyId is "alias/aws/ssm" on a SecureString parameter, expected the ARN or id of a customer managed KMS key.`}},
		{name: "no key", kind: caseViolation, resourceType: typeSSMParameter,
			props: propsOf(map[string]property.Value{"name": property.New("/app/token"), "type": property.New("SecureString")}),
			want:  []string{`keyId is not set on a SecureString parameter, expected the ARN or id of a customer managed KMS key.`}},
		{name: "secret", kind: caseOtherType, resourceType: typeSecretsManagerSecret,
			props: parameter("SecureString", property.New(""))},
		{name: "unknown key", kind: caseUnknown, resourceType: typeSSMParameter,
			props: parameter("SecureString", unknownValue()), wantUnknown: []string{"keyId"}},
		{name: "unknown type", kind: caseUnknown, resourceType: typeSSMParameter,
			props: parameter("", property.New("")).Set("type", unknownValue()), wantUnknown: []string{"type"}},
	})
}
