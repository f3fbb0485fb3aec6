package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCognitoUserPoolDeletionProtection(t *testing.T) {
	pool := func(protection property.Value) property.Map {
		return propsOf(map[string]property.Value{"name": property.New("users"), "deletionProtection": protection})
	}

	runPolicyCases(t, newCognitoUserPoolDeletionProtection(), []policyCase{
		{name: "active", kind: caseCompliant, resourceType: typeCognitoUserPool, props: pool(property.New("ACTIVE"))},
		{name: "inactive", kind: caseViolation, resourceType: typeCognitoUserPool, props: pool(property.New("INACTIVE")),
			want: []string{`deletionProtection is "INACTIVE", expected "ACTIVE".`}},
		{name: "not set", kind: caseViolation, resourceType: typeCognitoUserPool,
			props: propsOf(map[string]property.Value{"name": property.New("users")}),
			want:  []string{`deletionProtection is not set, expected "ACTIVE".`}},
		{name: "identity pool", kind: caseOtherType, resourceType: typeCognitoIdentityPool, props: pool(property.New("INACTIVE"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeCognitoUserPool, props: pool(unknownValue()),
			wantUnknown: []string{"deletionProtection"}},
	})
}
