package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestSecretValuesPulumiSecrets(t *testing.T) {
	version := func(fields map[string]property.Value) property.Map {
		fields["secretId"] = property.New("db")
		return propsOf(fields)
	}
	parameter := func(parameterType, value property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name": property.New("/prod/db/password"), "type": parameterType, "value": value,
		})
	}
	secret := func(text string) property.Value { return property.New(text).WithSecret(true) }

	runPolicyCases(t, newSecretValuesPulumiSecrets(), []policyCase{
		{
			name:         "secret string",
			kind:         caseCompliant,
			resourceType: typeSecretsManagerSecretVersion,
			props:        version(map[string]property.Value{"secretString": secret("hunter2")}),
		},
		{
			name:         "unknown secret binary",
			kind:         caseCompliant,
			resourceType: typeSecretsManagerSecretVersion,
			props:        version(map[string]property.Value{"secretBinary": unknownValue().WithSecret(true)}),
		},
		{
			name:         "secure string parameter",
			kind:         caseCompliant,
			resourceType: typeSSMParameter,
			props:        parameter(property.New("SecureString"), secret("hunter2")),
		},
		{
			name:         "plain string parameter",
			kind:         caseCompliant,
			resourceType: typeSSMParameter,
			props:        parameter(property.New("String"), property.New("eu-west-1")),
		},
		{
			name:         "plain secret string",
			kind:         caseViolation,
			resourceType: typeSecretsManagerSecretVersion,
			props:        version(map[string]property.Value{"secretString": property.New("hunter2")}),
			want:         []string{`secretString is a plain value, expected a Pulumi secret so that the state stores it encrypted.`},
		},
		{
			name:         "plain secure string value",
			kind:         caseViolation,
			resourceType: typeSSMParameter,
			props:        parameter(property.New("SecureString"), property.New("hunter2")),
			want:         []string{`value is a plain value, expected a Pulumi secret so that the state stores it encrypted.`},
		},
		{
			name:         "secret",
			kind:         caseOtherType,
			resourceType: typeSecretsManagerSecret,
			props:        version(map[string]property.Value{"secretString": property.New("hunter2")}),
		},
		{
			name:         "unknown plain value",
			kind:         caseUnknown,
			resourceType: typeSecretsManagerSecretVersion,
			props:        version(map[string]property.Value{"secretString": unknownValue()}),
			wantUnknown:  []string{"secretString"},
		},
		{
			name:         "unknown parameter type",
			kind:         caseUnknown,
			resourceType: typeSSMParameter,
			props:        parameter(unknownValue(), property.New("hunter2")),
			wantUnknown:  []string{"type"},
		},
	})
}
