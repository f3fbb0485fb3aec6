package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicySSMParameterSecureString is the name of the policy that requires secrets in SSM Parameter
// Store to be SecureString parameters.
const PolicySSMParameterSecureString = "ssm-parameter-secure-string"

// newSSMParameterSecureString returns the policy that guards SSM parameters that hold secrets against
// being stored as String or StringList. A parameter holds a secret when its name marks one, as in
// /prod/db/password (see lambda-environment-no-secrets for the words), or when its value has the format
// of a known credential. A parameter without a name is judged by its resource name, which Pulumi uses
// to name it.
func newSSMParameterSecureString() *pack.Policy {
	return &pack.Policy{
		Name:        PolicySSMParameterSecureString,
		Description: "SSM parameters that hold secrets must be of type SecureString.",
		Rationale: "String and StringList parameters are stored unencrypted, and everyone allowed " +
			"ssm:GetParameter or ssm:DescribeParameters on them, and the console, shows their values. SecureString " +
			"encrypts the value with KMS, so reading it also needs kms:Decrypt.",
		RemediationSteps: "Set type to \"SecureString\" (with keyId set to a customer managed key where the data " +
			"needs one) and pass the value as a Pulumi secret in value, not in insecureValue.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "ssm", "secrets", "encryption", tagHIPAA + "164.312(a)(2)(iv)", tagPCI + "8.2.1"},
			withPrefix(tagCheckov, "CKV2_AWS_34"),
		),
		Framework:        pciControl("8.2.1", "Render all authentication credentials unreadable during transmission and storage"),
		Waivable:         true,
		ResourceTypes:    []string{typeSSMParameter},
		ValidateResource: validateSSMParameterSecureString,
	}
}

func validateSSMParameterSecureString(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	parameterType := props.Get("type")
	name := props.Get("name")
	typeKnown := check.Known("type", parameterType)
	nameKnown := check.Known("name", name)
	if !typeKnown || !nameKnown {
		return nil
	}
	if value, _ := stringValue(parameterType); value == "SecureString" {
		return nil
	}

	parameterName, ok := stringValue(name)
	if !ok || parameterName == "" {
		parameterName = check.Resource.Name
	}
	if isSecretName(parameterName) {
		check.Report("type is %s while the name %q marks a secret, expected \"SecureString\".",
			describeValue(parameterType), parameterName)
		return nil
	}

	for _, key := range []string{"value", "insecureValue"} {
		text, _ := stringValue(props.Get(key))
		for _, credential := range secretValuePatterns {
			if credential.pattern.MatchString(text) {
				check.Report("type is %s while %s contains what looks like %s, expected \"SecureString\".",
					describeValue(parameterType), key, credential.kind)
				return nil
			}
		}
	}
	return nil
}
