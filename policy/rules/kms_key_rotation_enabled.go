package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyKMSKeyRotationEnabled is the name of the policy that requires automatic rotation of
// symmetric KMS keys.
const PolicyKMSKeyRotationEnabled = "kms-key-rotation-enabled"

// Defaults that AWS applies to a KMS key created without keyUsage or a key spec.
const (
	defaultKMSKeyUsage = "ENCRYPT_DECRYPT"
	defaultKMSKeySpec  = "SYMMETRIC_DEFAULT"
)

// newKMSKeyRotationEnabled returns the policy that guards customer managed KMS keys against
// unlimited use of one key material. KMS supports automatic rotation only for symmetric encryption
// keys (keyUsage ENCRYPT_DECRYPT with key spec SYMMETRIC_DEFAULT) outside custom key stores, so the
// policy skips all other keys.
func newKMSKeyRotationEnabled() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyKMSKeyRotationEnabled,
		Description: "Symmetric KMS encryption keys must have automatic key rotation enabled.",
		Rationale: "Automatic rotation replaces the key material every year (or at rotationPeriodInDays), which " +
			"limits the data encrypted under one key material.",
		RemediationSteps: "Set enableKeyRotation to true on the key, and optionally rotationPeriodInDays.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "kms", "encryption", tagPCI + "3.6.4"},
		Framework:        pciControl("3.6.4", "Cryptographic key changes at the end of the defined cryptoperiod"),
		Waivable:         true,
		ResourceTypes:    []string{typeKMSKey},
		ValidateResource: validateKMSKeyRotationEnabled,
	}
}

func validateKMSKeyRotationEnabled(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	usage := props.Get("keyUsage")
	// pulumi-aws v6 names the key spec customerMasterKeySpec. keySpec is read too, because newer
	// provider versions and the KMS API use that name.
	specPath := "keySpec"
	spec := props.Get(specPath)
	if spec.IsNull() {
		specPath = "customerMasterKeySpec"
		spec = props.Get(specPath)
	}
	customKeyStore := props.Get("customKeyStoreId")
	rotation := props.Get("enableKeyRotation")
	usageKnown := check.Known("keyUsage", usage)
	specKnown := check.Known(specPath, spec)
	storeKnown := check.Known("customKeyStoreId", customKeyStore)
	rotationKnown := check.Known("enableKeyRotation", rotation)
	if !usageKnown || !specKnown || !storeKnown || !rotationKnown {
		return nil
	}

	if !isRotatableKMSKey(usage, spec, customKeyStore) {
		return nil
	}
	if enabled, ok := boolValue(rotation); ok && enabled {
		return nil
	}
	check.Report("enableKeyRotation is %s, expected true.", describeValue(rotation))
	return nil
}

// isRotatableKMSKey reports whether KMS supports automatic rotation for a key with these known
// arguments: a symmetric encryption key that is not in a custom key store.
func isRotatableKMSKey(usage, spec, customKeyStore property.Value) bool {
	usageName, ok := stringValue(usage)
	if !ok || usageName == "" {
		usageName = defaultKMSKeyUsage
	}
	specName, ok := stringValue(spec)
	if !ok || specName == "" {
		specName = defaultKMSKeySpec
	}
	storeID, _ := stringValue(customKeyStore)

	return usageName == defaultKMSKeyUsage && specName == defaultKMSKeySpec && storeID == ""
}
