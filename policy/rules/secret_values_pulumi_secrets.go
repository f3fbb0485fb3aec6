package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySecretValuesPulumiSecrets is the name of the policy that requires secret values to be Pulumi
// secrets.
const PolicySecretValuesPulumiSecrets = "secret-values-pulumi-secrets"

// newSecretValuesPulumiSecrets returns the policy that guards the stack's state against plaintext
// secrets. The secretString and secretBinary of a SecretVersion, and the value of a SecureString SSM
// Parameter, must be Pulumi secrets, which the state stores encrypted. The pulumi-aws SDKs mark these
// arguments as secrets themselves, so the policy catches programs that bypass them, such as ones that
// register resources by type token or pass values through a transform that drops the secret flag.
func newSecretValuesPulumiSecrets() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySecretValuesPulumiSecrets,
		Description: "Secret values of Secrets Manager secrets and SecureString parameters must be Pulumi secrets.",
		Rationale: "Pulumi writes every resource input to the stack's state and shows it in previews. A secret " +
			"value that is not a Pulumi secret is stored there in plaintext, readable by everyone with access to " +
			"the state backend or its backups.",
		RemediationSteps: "Pass the value as a Pulumi secret, for example from `pulumi config set --secret` read " +
			"with RequireSecret, or wrapped with pulumi.ToSecret, and do not build it from plain strings in the program.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags:             []string{"aws", "secretsmanager", "ssm", "secrets", "pulumi-state", tagPCI + "8.2.1"},
		Framework:        pciControl("8.2.1", "Render all authentication credentials unreadable during transmission and storage"),
		Waivable:         true,
		ResourceTypes:    []string{typeSecretsManagerSecretVersion, typeSSMParameter},
		ValidateResource: validateSecretValuesPulumiSecrets,
	}
}

func validateSecretValuesPulumiSecrets(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	if check.Resource.Type == typeSecretsManagerSecretVersion {
		checkPulumiSecret(check, "secretString", props.Get("secretString"))
		checkPulumiSecret(check, "secretBinary", props.Get("secretBinary"))
		return nil
	}

	parameterType := props.Get("type")
	if !check.Known("type", parameterType) {
		return nil
	}
	if value, _ := stringValue(parameterType); value == "SecureString" {
		checkPulumiSecret(check, "value", props.Get("value"))
	}
	return nil
}

// checkPulumiSecret reports value, the property at path, when it is set and not a Pulumi secret. An
// unknown value that is already marked secret passes; an unknown plain value is judged when known.
func checkPulumiSecret(check *pack.ResourceCheck, path string, value property.Value) {
	if value.IsNull() || value.Secret() {
		return
	}
	if !check.Known(path, value) {
		return
	}
	check.Report("%s is a plain value, expected a Pulumi secret so that the state stores it encrypted.", path)
}
