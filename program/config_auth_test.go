package program

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

const (
	typeUserPool       = "aws:cognito/userPool:UserPool"
	typeUserPoolClient = "aws:cognito/userPoolClient:UserPoolClient"
)

// findResource returns the registered resource or fails the test.
func findResource(t *testing.T, mocks *fakeaws.Mocks, typ, name string) fakeaws.MockResource {
	t.Helper()
	r, ok := mocks.Find(typ, name)
	require.True(t, ok, "resource %s %q was not registered", typ, name)
	return r
}

func TestProgramAuthDefaults(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{})
	require.NoError(t, err)

	pool := findResource(t, mocks, typeUserPool, "platform-auth-user-pool")
	assert.Equal(t, "secure-serverless-dev-users", pool.Inputs["name"].StringValue())
	password := pool.Inputs["passwordPolicy"].ObjectValue()
	assert.Equal(t, float64(DefaultAuthPasswordMinimumLength), password["minimumLength"].NumberValue())
	assert.Equal(t, float64(DefaultAuthTemporaryPasswordDays), password["temporaryPasswordValidityDays"].NumberValue())
	assert.Equal(t, "ON", pool.Inputs["mfaConfiguration"].StringValue())
	assert.Equal(t, "ESSENTIALS", pool.Inputs["userPoolTier"].StringValue())
	assert.NotContains(t, pool.Inputs, "userPoolAddOns", "no threat protection below the PLUS plan")
	assert.True(t, pool.Inputs["adminCreateUserConfig"].ObjectValue()["allowAdminCreateUserOnly"].BoolValue())

	client := findResource(t, mocks, typeUserPoolClient, "platform-auth-web-client")
	assert.Equal(t, float64(DefaultAuthAccessTokenMinutes), client.Inputs["accessTokenValidity"].NumberValue())
	assert.Equal(t, float64(DefaultAuthIDTokenMinutes), client.Inputs["idTokenValidity"].NumberValue())
	assert.Equal(t, float64(DefaultAuthRefreshTokenHours), client.Inputs["refreshTokenValidity"].NumberValue())
	assert.False(t, client.Inputs["allowedOauthFlowsUserPoolClient"].BoolValue())

	var groups []string
	for _, group := range mocks.ByType("aws:cognito/userGroup:UserGroup") {
		groups = append(groups, group.Inputs["name"].StringValue())
	}
	assert.ElementsMatch(t, []string{"admin", "user"}, groups)
	assert.Empty(t, mocks.ByType("aws:cognito/resourceServer:ResourceServer"))
	assert.Empty(t, mocks.ByType("aws:cognito/userPoolDomain:UserPoolDomain"))
}

func TestProgramReadsAuthSettings(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{
		"authPasswordMinimumLength":    "16",
		"authTemporaryPasswordDays":    "1",
		"authMfa":                      "OPTIONAL",
		"authFeaturePlan":              "PLUS",
		"authThreatProtection":         "AUDIT",
		"authSelfSignUp":               "true",
		"authGroups":                   `["auditor"]`,
		"authCallbackUrls":             `["https://app.example.com/callback"]`,
		"authLogoutUrls":               `["https://app.example.com/"]`,
		"authAccessTokenMinutes":       "10",
		"authIdTokenMinutes":           "20",
		"authRefreshTokenHours":        "2",
		"authResourceServerIdentifier": "https://api.example.com",
		"authResourceServerScopes":     `["files.read"]`,
		"authDomainPrefix":             "example-app-login",
		"protectData":                  "true",
	}, Options{})
	require.NoError(t, err)

	pool := findResource(t, mocks, typeUserPool, "platform-auth-user-pool")
	password := pool.Inputs["passwordPolicy"].ObjectValue()
	assert.Equal(t, float64(16), password["minimumLength"].NumberValue())
	assert.Equal(t, float64(1), password["temporaryPasswordValidityDays"].NumberValue())
	assert.Equal(t, "OPTIONAL", pool.Inputs["mfaConfiguration"].StringValue())
	assert.Equal(t, "PLUS", pool.Inputs["userPoolTier"].StringValue())
	assert.Equal(t, "AUDIT", pool.Inputs["userPoolAddOns"].ObjectValue()["advancedSecurityMode"].StringValue())
	assert.False(t, pool.Inputs["adminCreateUserConfig"].ObjectValue()["allowAdminCreateUserOnly"].BoolValue())
	assert.True(t, pool.Protect, "protectData protects the user pool")
	assert.True(t, pool.RetainOnDelete, "protectData retains the user pool")

	client := findResource(t, mocks, typeUserPoolClient, "platform-auth-web-client")
	assert.Equal(t, []any{"https://app.example.com/callback"}, client.Inputs["callbackUrls"].Mappable())
	assert.Equal(t, []any{"https://app.example.com/"}, client.Inputs["logoutUrls"].Mappable())
	assert.Equal(t, []any{"code"}, client.Inputs["allowedOauthFlows"].Mappable())
	assert.Equal(t, float64(10), client.Inputs["accessTokenValidity"].NumberValue())
	assert.Equal(t, float64(20), client.Inputs["idTokenValidity"].NumberValue())
	assert.Equal(t, float64(2), client.Inputs["refreshTokenValidity"].NumberValue())

	auditor := findResource(t, mocks, "aws:cognito/userGroup:UserGroup", "platform-auth-group-auditor")
	assert.Equal(t, float64(10), auditor.Inputs["precedence"].NumberValue())
	server := findResource(t, mocks, "aws:cognito/resourceServer:ResourceServer", "platform-auth-resource-server")
	assert.Equal(t, "https://api.example.com", server.Inputs["identifier"].StringValue())
	domain := findResource(t, mocks, "aws:cognito/userPoolDomain:UserPoolDomain", "platform-auth-domain")
	assert.Equal(t, "example-app-login", domain.Inputs["domain"].StringValue())
}

func TestProgramRejectsInvalidAuthSettings(t *testing.T) {
	tests := []configErrorCase{
		{
			name: "password shorter than 8", settings: map[string]string{"authPasswordMinimumLength": "7"},
			key: "authPasswordMinimumLength", value: "7", accepted: "8 to 99 characters",
		},
		{
			name: "temporary password days", settings: map[string]string{"authTemporaryPasswordDays": "0"},
			key: "authTemporaryPasswordDays", value: "0", accepted: "1 to 365 days",
		},
		{
			name: "mfa off", settings: map[string]string{"authMfa": "OFF"},
			key: "authMfa", value: "OFF", accepted: "ON, OPTIONAL",
		},
		{
			name: "feature plan", settings: map[string]string{"authFeaturePlan": "GOLD"},
			key: "authFeaturePlan", value: "GOLD", accepted: "LITE, ESSENTIALS, PLUS",
		},
		{
			name: "unknown threat protection", settings: map[string]string{"authThreatProtection": "ON"},
			key: "authThreatProtection", value: "ON", accepted: "auto, OFF, AUDIT, ENFORCED",
		},
		{
			name:     "enforced without plus",
			settings: map[string]string{"authThreatProtection": "ENFORCED", "authFeaturePlan": "ESSENTIALS"},
			key:      "authThreatProtection", value: "ENFORCED",
			accepted: "while secure-serverless:authFeaturePlan is ESSENTIALS",
		},
		{
			name: "built-in group", settings: map[string]string{"authGroups": `["admin"]`},
			key: "authGroups", value: "admin", accepted: "other than admin and user",
		},
		{
			name: "http callback", settings: map[string]string{"authCallbackUrls": `["http://app.example.com/callback"]`},
			key: "authCallbackUrls", value: "http://app.example.com/callback", accepted: "https URLs",
		},
		{
			name: "logout without callback", settings: map[string]string{"authLogoutUrls": `["https://app.example.com/"]`},
			key: "authLogoutUrls", value: "https://app.example.com/", accepted: "while authCallbackUrls is empty",
		},
		{
			name: "access token too short", settings: map[string]string{"authAccessTokenMinutes": "4"},
			key: "authAccessTokenMinutes", value: "4", accepted: "5 to 1440 minutes",
		},
		{
			name: "id token too long", settings: map[string]string{"authIdTokenMinutes": "1441", "authRefreshTokenHours": "48"},
			key: "authIdTokenMinutes", value: "1441", accepted: "5 to 1440 minutes",
		},
		{
			name:     "refresh token shorter than access token",
			settings: map[string]string{"authAccessTokenMinutes": "120", "authRefreshTokenHours": "1"},
			key:      "authRefreshTokenHours", value: "1", accepted: "no shorter than the access and ID tokens",
		},
		{
			name: "scopes without identifier", settings: map[string]string{"authResourceServerScopes": `["files.read"]`},
			key: "authResourceServerScopes", value: "files.read", accepted: "while authResourceServerIdentifier is empty",
		},
		{
			name:     "identifier without scopes",
			settings: map[string]string{"authResourceServerIdentifier": "https://api.example.com"},
			key:      "authResourceServerScopes", value: "[]", accepted: "at least one scope",
		},
		{
			name: "reserved domain word", settings: map[string]string{"authDomainPrefix": "my-cognito"},
			key: "authDomainPrefix", value: "my-cognito", accepted: "without aws, amazon or cognito",
		},
		{
			name: "self sign-up switch", settings: map[string]string{"authSelfSignUp": "sometimes"},
			key: "authSelfSignUp", value: "sometimes", accepted: "true or false",
		},
	}
	runConfigErrorCases(t, tests)
}

func TestProgramThreatProtectionErrorNamesBothKeys(t *testing.T) {
	_, err := runProgram(t, map[string]string{"authThreatProtection": "ENFORCED"}, Options{})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "secure-serverless:authThreatProtection=ENFORCED")
	assert.Contains(t, err.Error(), "authFeaturePlan")
	assert.Contains(t, err.Error(), "PLUS")
}
