package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestKMSKeyExplicitPolicy(t *testing.T) {
	key := func(policy property.Value) property.Map {
		return propsOf(map[string]property.Value{"enableKeyRotation": property.New(true), "policy": policy})
	}
	document := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`

	runPolicyCases(t, newKMSKeyExplicitPolicy(), []policyCase{
		{name: "policy", kind: caseCompliant, resourceType: typeKMSKey, props: key(property.New(document))},
		{name: "empty", kind: caseViolation, resourceType: typeKMSKey, props: key(property.New("")),
			want: []string{`policy is "", expected a key policy document.`}},
		{name: "not set", kind: caseViolation, resourceType: typeKMSKey,
			props: propsOf(map[string]property.Value{"enableKeyRotation": property.New(true)}),
			want:  []string{`policy is not set, expected a key policy document.`}},
		{name: "key policy resource", kind: caseOtherType, resourceType: typeKMSKeyPolicy, props: key(property.New(""))},
		{name: "unknown", kind: caseUnknown, resourceType: typeKMSKey, props: key(unknownValue()), wantUnknown: []string{"policy"}},
	})
}
