package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

func TestSSMParameterSecureString(t *testing.T) {
	parameter := func(name, parameterType property.Value, values map[string]property.Value) property.Map {
		fields := map[string]property.Value{"name": name, "type": parameterType}
		for key, value := range values {
			fields[key] = value
		}
		return propsOf(fields)
	}
	secureString := property.New("SecureString")
	plain := property.New("String")

	runPolicyCases(t, newSSMParameterSecureString(), []policyCase{
		{
			name:         "secure password",
			kind:         caseCompliant,
			resourceType: typeSSMParameter,
			props: parameter(property.New("/prod/db/password"), secureString,
				map[string]property.Value{"value": property.New("hunter2").WithSecret(true)}),
		},
		{
			name:         "plain setting",
			kind:         caseCompliant,
			resourceType: typeSSMParameter,
			props: parameter(property.New("/prod/db/password-min-length"), plain,
				map[string]property.Value{"insecureValue": property.New("12")}),
		},
		{
			name:         "plain password",
			kind:         caseViolation,
			resourceType: typeSSMParameter,
			props: parameter(property.New("/prod/db/password"), plain,
				map[string]property.Value{"value": property.New("hunter2").WithSecret(true)}),
			want: []string{`type is "String" while the name "/prod/db/password" marks a secret, expected "SecureString".`},
		},
		{
			name:         "access key in an unnamed parameter",
			kind:         caseViolation,
			resourceType: typeSSMParameter,
			props: parameter(property.Value{}, property.New("StringList"),
				map[string]property.Value{"insecureValue": property.New("ci,AKIAIOSFODNN7EXAMPLE")}),
			want: []string{`type is "StringList" while insecureValue contains what looks like an AWS access key ID, ` +
				`expected "SecureString".`},
		},
		{
			name:         "unnamed plain parameter",
			kind:         caseCompliant,
			resourceType: typeSSMParameter,
			props:        parameter(property.Value{}, plain, map[string]property.Value{"insecureValue": property.New("12")}),
		},
		{
			name:         "secret version",
			kind:         caseOtherType,
			resourceType: typeSecretsManagerSecretVersion,
			props:        parameter(property.New("/prod/db/password"), plain, nil),
		},
		{
			name:         "unknown type",
			kind:         caseUnknown,
			resourceType: typeSSMParameter,
			props:        parameter(property.New("/prod/db/password"), unknownValue(), nil),
			wantUnknown:  []string{"type"},
		},
	})
}

func TestSSMParameterSecureStringResourceName(t *testing.T) {
	check := &pack.ResourceCheck{Resource: pack.Resource{
		Type:       typeSSMParameter,
		URN:        testResourceURN,
		Name:       "db-password",
		Properties: propsOf(map[string]property.Value{"type": property.New("String")}),
	}}
	findings, err := newSSMParameterSecureString().CheckResource(t.Context(), check)
	require.NoError(t, err)
	require.Len(t, findings.Violations, 1)
	assert.Equal(t, `type is "String" while the name "db-password" marks a secret, expected "SecureString".`,
		findings.Violations[0].Message)
}
