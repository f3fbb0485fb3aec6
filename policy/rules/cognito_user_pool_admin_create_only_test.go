package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCognitoUserPoolAdminCreateOnly(t *testing.T) {
	pool := func(adminOnly property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name":                  property.New("users"),
			"adminCreateUserConfig": objectValue(map[string]property.Value{"allowAdminCreateUserOnly": adminOnly}),
		})
	}

	runPolicyCases(t, newCognitoUserPoolAdminCreateOnly(), []policyCase{
		{name: "admin only", kind: caseCompliant, resourceType: typeCognitoUserPool, props: pool(property.New(true))},
		{name: "self sign-up", kind: caseViolation, resourceType: typeCognitoUserPool, props: pool(property.New(false)),
			want: []string{`adminCreateUserConfig.allowAdminCreateUserOnly is false, expected true.`}},
		{name: "not set", kind: caseViolation, resourceType: typeCognitoUserPool,
			props: propsOf(map[string]property.Value{"name": property.New("users")}),
			want:  []string{`adminCreateUserConfig.allowAdminCreateUserOnly is not set, expected true.`}},
		{name: "identity pool", kind: caseOtherType, resourceType: typeCognitoIdentityPool, props: pool(property.New(false))},
		{name: "unknown", kind: caseUnknown, resourceType: typeCognitoUserPool, props: pool(unknownValue()),
			wantUnknown: []string{"adminCreateUserConfig.allowAdminCreateUserOnly"}},
	})
}
