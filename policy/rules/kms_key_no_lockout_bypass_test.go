package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestKMSKeyNoLockoutBypass(t *testing.T) {
	key := func(bypass property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"enableKeyRotation":              property.New(true),
			"bypassPolicyLockoutSafetyCheck": bypass,
		})
	}

	runPolicyCases(t, newKMSKeyNoLockoutBypass(), []policyCase{
		{
			name:         "safety check",
			kind:         caseCompliant,
			resourceType: typeKMSKey,
			props:        key(property.New(false)),
		},
		{
			name:         "default",
			kind:         caseCompliant,
			resourceType: typeKMSKeyPolicy,
			props:        key(property.Value{}),
		},
		{
			name:         "bypass on key",
			kind:         caseViolation,
			resourceType: typeKMSKey,
			props:        key(property.New(true)),
			want:         []string{`bypassPolicyLockoutSafetyCheck is true, expected false.`},
		},
		{
			name:         "bypass on key policy",
			kind:         caseViolation,
			resourceType: typeKMSKeyPolicy,
			props:        key(property.New(true)),
			want:         []string{`bypassPolicyLockoutSafetyCheck is true, expected false.`},
		},
		{
			name:         "log group",
			kind:         caseOtherType,
			resourceType: typeCloudWatchLogGroup,
			props:        key(property.New(true)),
		},
		{
			name:         "unknown bypass",
			kind:         caseUnknown,
			resourceType: typeKMSKey,
			props:        key(unknownValue()),
			wantUnknown:  []string{"bypassPolicyLockoutSafetyCheck"},
		},
	})
}
