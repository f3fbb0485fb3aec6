package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestKMSKeyDeletionWindow(t *testing.T) {
	key := func(window property.Value) property.Map {
		return propsOf(map[string]property.Value{"enableKeyRotation": property.New(true), "deletionWindowInDays": window})
	}

	runPolicyCases(t, newKMSKeyDeletionWindow(), []policyCase{
		{name: "thirty days", kind: caseCompliant, resourceType: typeKMSKey, props: key(property.New(30.0))},
		{name: "kms default", kind: caseCompliant, resourceType: typeKMSKey,
			props: propsOf(map[string]property.Value{"enableKeyRotation": property.New(true)})},
		{name: "seven days allowed by config", kind: caseCompliant, resourceType: typeKMSKey, props: key(property.New(7.0)),
			config: map[string]any{ConfigMinimumDeletionWindowDays: 7.0}},
		{name: "seven days", kind: caseViolation, resourceType: typeKMSKey, props: key(property.New(7.0)),
			want: []string{"deletionWindowInDays is 7, expected at least 30 days."}},
		{name: "key policy", kind: caseOtherType, resourceType: typeKMSKeyPolicy, props: key(property.New(7.0))},
		{name: "unknown", kind: caseUnknown, resourceType: typeKMSKey, props: key(unknownValue()),
			wantUnknown: []string{"deletionWindowInDays"}},
	})
}
