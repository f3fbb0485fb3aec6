package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestSecretsManagerSecretRecoveryWindow(t *testing.T) {
	secret := func(window property.Value) property.Map {
		return propsOf(map[string]property.Value{"name": property.New("origin"), "recoveryWindowInDays": window})
	}

	runPolicyCases(t, newSecretsManagerSecretRecoveryWindow(), []policyCase{
		{name: "seven days", kind: caseCompliant, resourceType: typeSecretsManagerSecret, props: secret(property.New(7.0))},
		{name: "not set", kind: caseCompliant, resourceType: typeSecretsManagerSecret,
			props: propsOf(map[string]property.Value{"name": property.New("origin")})},
		{name: "zero", kind: caseViolation, resourceType: typeSecretsManagerSecret, props: secret(property.New(0.0)),
			want: []string{"recoveryWindowInDays is 0, so a deleted secret cannot be restored, expected unset (30 days) or 7 to 30 days."}},
		{name: "parameter", kind: caseOtherType, resourceType: typeSSMParameter, props: secret(property.New(0.0))},
		{name: "unknown", kind: caseUnknown, resourceType: typeSecretsManagerSecret, props: secret(unknownValue()),
			wantUnknown: []string{"recoveryWindowInDays"}},
	})
}
