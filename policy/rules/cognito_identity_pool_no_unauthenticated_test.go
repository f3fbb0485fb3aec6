package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCognitoIdentityPoolNoUnauthenticated(t *testing.T) {
	pool := func(allowed property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"identityPoolName":               property.New("users"),
			"allowUnauthenticatedIdentities": allowed,
		})
	}

	runPolicyCases(t, newCognitoIdentityPoolNoUnauthenticated(), []policyCase{
		{
			name:         "authenticated only",
			kind:         caseCompliant,
			resourceType: typeCognitoIdentityPool,
			props:        pool(property.New(false)),
		},
		{
			name:         "default",
			kind:         caseCompliant,
			resourceType: typeCognitoIdentityPool,
			props:        pool(property.Value{}),
		},
		{
			name:         "guests",
			kind:         caseViolation,
			resourceType: typeCognitoIdentityPool,
			props:        pool(property.New(true)),
			want:         []string{`allowUnauthenticatedIdentities is true, expected false.`},
		},
		{
			name:         "user pool",
			kind:         caseOtherType,
			resourceType: typeCognitoUserPool,
			props:        pool(property.New(true)),
		},
		{
			name:         "unknown setting",
			kind:         caseUnknown,
			resourceType: typeCognitoIdentityPool,
			props:        pool(unknownValue()),
			wantUnknown:  []string{"allowUnauthenticatedIdentities"},
		},
	})
}
