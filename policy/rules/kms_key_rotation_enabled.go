package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
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
// unlimited use of one key material.
//
// Automatic rotation replaces the key material every year (or at rotationPeriodInDays), which limits
// the data encrypted under one key material. KMS supports automatic rotation only for symmetric
// encryption keys (keyUsage ENCRYPT_DECRYPT with key spec SYMMETRIC_DEFAULT) outside custom key
// stores, so the policy skips all other keys.
func newKMSKeyRotationEnabled() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyKMSKeyRotationEnabled, policyx.ResourceValidationPolicyArgs{
		Description:      "Symmetric KMS encryption keys must have automatic key rotation enabled.",
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		ValidateResource: validateKMSKeyRotationEnabled,
	})
}

func validateKMSKeyRotationEnabled(_ context.Context, args policyx.ResourceValidationArgs) error {
	if args.Resource.Type != typeKMSKey {
		return nil
	}
	props := args.Resource.Properties

	usage := props.Get("keyUsage")
	// pulumi-aws v6 names the key spec customerMasterKeySpec. keySpec is read too, because newer
	// provider versions and the KMS API use that name.
	spec := props.Get("keySpec")
	if spec.IsNull() {
		spec = props.Get("customerMasterKeySpec")
	}
	customKeyStore := props.Get("customKeyStoreId")
	rotation := props.Get("enableKeyRotation")
	// Unknown values are known at update time, when the engine validates the resource again.
	if usage.IsComputed() || spec.IsComputed() || customKeyStore.IsComputed() || rotation.IsComputed() {
		return nil
	}

	if !isRotatableKMSKey(usage, spec, customKeyStore) {
		return nil
	}
	if enabled, ok := boolValue(rotation); ok && enabled {
		return nil
	}
	reportViolation(args, "enableKeyRotation is %s, expected true.", describeValue(rotation))
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
