package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestKMSKeyRotationEnabled(t *testing.T) {
	key := func(fields map[string]property.Value) property.Map {
		fields["description"] = property.New("user files")
		return propsOf(fields)
	}

	runPolicyCases(t, newKMSKeyRotationEnabled(), []policyCase{
		{
			name:         "default symmetric key with rotation",
			kind:         caseCompliant,
			resourceType: typeKMSKey,
			props:        key(map[string]property.Value{"enableKeyRotation": property.New(true)}),
		},
		{
			name:         "asymmetric signing key",
			kind:         caseCompliant,
			resourceType: typeKMSKey,
			props: key(map[string]property.Value{
				"keyUsage":              property.New("SIGN_VERIFY"),
				"customerMasterKeySpec": property.New("RSA_2048"),
			}),
		},
		{
			name:         "hmac key",
			kind:         caseCompliant,
			resourceType: typeKMSKey,
			props: key(map[string]property.Value{
				"keyUsage": property.New("GENERATE_VERIFY_MAC"),
				"keySpec":  property.New("HMAC_256"),
			}),
		},
		{
			name:         "key in custom key store",
			kind:         caseCompliant,
			resourceType: typeKMSKey,
			props:        key(map[string]property.Value{"customKeyStoreId": property.New("cks-1234567890abcdef0")}),
		},
		{
			name:         "rotation not set",
			kind:         caseViolation,
			resourceType: typeKMSKey,
			props:        key(map[string]property.Value{}),
			want:         []string{"enableKeyRotation is not set, expected true."},
		},
		{
			name:         "explicit symmetric key without rotation",
			kind:         caseViolation,
			resourceType: typeKMSKey,
			props: key(map[string]property.Value{
				"keyUsage":              property.New("ENCRYPT_DECRYPT"),
				"customerMasterKeySpec": property.New("SYMMETRIC_DEFAULT"),
				"enableKeyRotation":     property.New(false),
			}),
			want: []string{"enableKeyRotation is false, expected true."},
		},
		{
			name:         "key alias",
			kind:         caseOtherType,
			resourceType: "aws:kms/alias:Alias",
			props:        key(map[string]property.Value{"enableKeyRotation": property.New(false)}),
		},
		{
			name:         "unknown rotation",
			kind:         caseUnknown,
			resourceType: typeKMSKey,
			props:        key(map[string]property.Value{"enableKeyRotation": unknownValue()}),
			wantUnknown:  []string{"enableKeyRotation"},
		},
		{
			name:         "unknown key spec",
			kind:         caseUnknown,
			resourceType: typeKMSKey,
			props: key(map[string]property.Value{
				"customerMasterKeySpec": unknownValue(),
				"enableKeyRotation":     property.New(false),
			}),
			wantUnknown: []string{"customerMasterKeySpec"},
		},
	})
}
