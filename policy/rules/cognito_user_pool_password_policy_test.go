package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

func TestCognitoUserPoolPasswordPolicy(t *testing.T) {
	pool := func(length property.Value, symbols property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"name": property.New("users"),
			"passwordPolicy": objectValue(map[string]property.Value{
				"minimumLength":    length,
				"requireLowercase": property.New(true),
				"requireUppercase": property.New(true),
				"requireNumbers":   property.New(true),
				"requireSymbols":   symbols,
			}),
		})
	}
	noPolicy := propsOf(map[string]property.Value{"name": property.New("users")})

	runPolicyCases(t, newCognitoUserPoolPasswordPolicy(), []policyCase{
		{
			name:         "strong policy",
			kind:         caseCompliant,
			resourceType: typeCognitoUserPool,
			props:        pool(property.New(12.0), property.New(true)),
		},
		{
			name:         "cognito default",
			kind:         caseCompliant,
			resourceType: typeCognitoUserPool,
			props:        noPolicy,
		},
		{
			name:         "short and without symbols",
			kind:         caseViolation,
			resourceType: typeCognitoUserPool,
			props:        pool(property.New(6.0), property.Value{}),
			want: []string{
				`passwordPolicy.minimumLength is 6, expected at least 8.`,
				`passwordPolicy.requireSymbols is not set, expected true.`,
			},
		},
		{
			name:         "configured minimum",
			kind:         caseViolation,
			resourceType: typeCognitoUserPool,
			props:        pool(property.New(12.0), property.New(false)),
			config:       map[string]any{ConfigMinimumPasswordLength: 14.0},
			want: []string{
				`passwordPolicy.minimumLength is 12, expected at least 14.`,
				`passwordPolicy.requireSymbols is false, expected true.`,
			},
		},
		{
			name:         "cognito default below configured minimum",
			kind:         caseViolation,
			resourceType: typeCognitoUserPool,
			props:        noPolicy,
			config:       map[string]any{ConfigMinimumPasswordLength: 12.0},
			want:         []string{`passwordPolicy is not set, so Cognito requires 8 characters, expected a minimumLength of at least 12.`},
		},
		{
			name:         "identity pool",
			kind:         caseOtherType,
			resourceType: typeCognitoIdentityPool,
			props:        pool(property.New(6.0), property.New(false)),
		},
		{
			name:         "unknown policy",
			kind:         caseUnknown,
			resourceType: typeCognitoUserPool,
			props:        propsOf(map[string]property.Value{"passwordPolicy": unknownValue()}),
			wantUnknown:  []string{"passwordPolicy"},
		},
		{
			name:         "unknown length",
			kind:         caseUnknown,
			resourceType: typeCognitoUserPool,
			props:        pool(unknownValue(), property.New(true)),
			wantUnknown:  []string{"passwordPolicy.minimumLength"},
		},
	})
}

func TestCognitoUserPoolPasswordPolicyInvalidConfig(t *testing.T) {
	check := &pack.ResourceCheck{
		Resource: pack.Resource{Type: typeCognitoUserPool, URN: testResourceURN, Properties: property.Map{}},
		Config:   map[string]any{ConfigMinimumPasswordLength: 7.5},
	}
	_, err := newCognitoUserPoolPasswordPolicy().CheckResource(t.Context(), check)
	require.Error(t, err)
	assert.Equal(t, "invalid minimumPasswordLength 7.5 for policy cognito-user-pool-password-policy: "+
		"set a whole number from 6 to 99", err.Error())
}
