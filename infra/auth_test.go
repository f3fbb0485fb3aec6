package infra

import (
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// Type tokens of the Cognito resources.
const (
	typeUserPool       = "aws:cognito/userPool:UserPool"
	typeUserPoolClient = "aws:cognito/userPoolClient:UserPoolClient"
	typeUserGroup      = "aws:cognito/userGroup:UserGroup"
	typeResourceServer = "aws:cognito/resourceServer:ResourceServer"
	typeUserPoolDomain = "aws:cognito/userPoolDomain:UserPoolDomain"
)

// authOutputs are the resolved outputs of an Auth component.
type authOutputs struct {
	userPoolID, userPoolArn, endpoint, issuer, clientID, domain string
	groupNames                                                  []string
}

// newTestAuth creates an auth component named "auth" under mocks and returns its resolved outputs.
func newTestAuth(t *testing.T, args AuthArgs) (*fakeaws.Mocks, authOutputs) {
	t.Helper()
	var outputs authOutputs
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		auth, err := NewAuth(ctx, "auth", args)
		if err != nil {
			return err
		}
		pulumi.All(auth.UserPoolId, auth.UserPoolArn, auth.UserPoolEndpoint, auth.IssuerURL, auth.ClientId,
			auth.DomainName, auth.GroupNames).ApplyT(func(values []any) error {
			outputs = authOutputs{
				userPoolID: values[0].(string), userPoolArn: values[1].(string), endpoint: values[2].(string),
				issuer: values[3].(string), clientID: values[4].(string), domain: values[5].(string),
				groupNames: values[6].([]string),
			}
			return nil
		})
		return nil
	})
	require.NoError(t, err)
	return mocks, outputs
}

// authError returns the error of NewAuth with the given arguments under mocks.
func authError(t *testing.T, args AuthArgs) error {
	t.Helper()
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewAuth(ctx, "auth", args)
		return err
	})
	return err
}

// authStrings returns a string array property as a Go slice.
func authStrings(t *testing.T, props resource.PropertyMap, key resource.PropertyKey) []string {
	t.Helper()
	v, ok := props[key]
	require.True(t, ok, "property %q is missing", key)
	require.True(t, v.IsArray(), "property %q is %v, expected an array", key, v)
	values := []string{}
	for _, item := range v.ArrayValue() {
		values = append(values, item.StringValue())
	}
	return values
}

func TestAuthUserPoolDefaults(t *testing.T) {
	mocks, outputs := newTestAuth(t, AuthArgs{NamePrefix: "app-test"})

	component := find(t, mocks, AuthType, "auth")
	assert.False(t, component.Custom)

	pool := find(t, mocks, typeUserPool, "auth-user-pool")
	assertParent(t, pool, AuthType, "auth")
	assert.Equal(t, "app-test-users", pool.Inputs["name"].StringValue())
	assert.Equal(t, "ACTIVE", pool.Inputs["deletionProtection"].StringValue())
	assert.Equal(t, FeaturePlanEssentials, pool.Inputs["userPoolTier"].StringValue())
	assert.NotContains(t, pool.Inputs, resource.PropertyKey("userPoolAddOns"))
	assert.Equal(t, []string{"email"}, authStrings(t, pool.Inputs, "usernameAttributes"))

	password := object(t, pool.Inputs, "passwordPolicy")
	assert.Equal(t, float64(12), password["minimumLength"].NumberValue())
	for _, class := range []resource.PropertyKey{"requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"} {
		assert.True(t, password[class].BoolValue(), "passwordPolicy.%s", class)
	}
	assert.Equal(t, float64(DefaultTemporaryPasswordValidityDays), password["temporaryPasswordValidityDays"].NumberValue())

	assert.Equal(t, MFAOn, pool.Inputs["mfaConfiguration"].StringValue())
	assert.True(t, object(t, pool.Inputs, "softwareTokenMfaConfiguration")["enabled"].BoolValue())
	assert.NotContains(t, pool.Inputs, resource.PropertyKey("smsConfiguration"))

	assert.True(t, object(t, pool.Inputs, "adminCreateUserConfig")["allowAdminCreateUserOnly"].BoolValue())
	assert.Equal(t, []string{"email"}, authStrings(t, pool.Inputs, "autoVerifiedAttributes"))
	assert.Equal(t, []string{"email"},
		authStrings(t, object(t, pool.Inputs, "userAttributeUpdateSettings"), "attributesRequireVerificationBeforeUpdates"))

	mechanisms := object(t, pool.Inputs, "accountRecoverySetting")["recoveryMechanisms"]
	require.True(t, mechanisms.IsArray())
	require.Len(t, mechanisms.ArrayValue(), 1)
	only := mechanisms.ArrayValue()[0].ObjectValue()
	assert.Equal(t, "verified_email", only["name"].StringValue())
	assert.Equal(t, float64(1), only["priority"].NumberValue())

	assert.Regexp(t, `^`+testRegion+`_[A-Z0-9]{9}$`, outputs.userPoolID)
	assert.Equal(t, pool.Outputs["arn"].StringValue(), outputs.userPoolArn)
	assert.Equal(t, "cognito-idp."+testRegion+".amazonaws.com/"+outputs.userPoolID, outputs.endpoint)
	assert.Equal(t, "https://cognito-idp."+testRegion+".amazonaws.com/"+outputs.userPoolID, outputs.issuer)
	assert.Empty(t, outputs.domain)
}

func TestAuthWebClientDefaults(t *testing.T) {
	mocks, outputs := newTestAuth(t, AuthArgs{NamePrefix: "app-test"})

	client := find(t, mocks, typeUserPoolClient, "auth-web-client")
	assertParent(t, client, AuthType, "auth")
	assert.Equal(t, "app-test-web", client.Inputs["name"].StringValue())
	assert.Equal(t, outputs.userPoolID, client.Inputs["userPoolId"].StringValue())
	assert.False(t, client.Inputs["generateSecret"].BoolValue())
	assert.Equal(t, "ENABLED", client.Inputs["preventUserExistenceErrors"].StringValue())
	assert.True(t, client.Inputs["enableTokenRevocation"].BoolValue())
	assert.Equal(t, WebClientAuthFlows, authStrings(t, client.Inputs, "explicitAuthFlows"))

	assert.Equal(t, float64(DefaultAccessTokenMinutes), client.Inputs["accessTokenValidity"].NumberValue())
	assert.Equal(t, float64(DefaultIDTokenMinutes), client.Inputs["idTokenValidity"].NumberValue())
	assert.Equal(t, float64(DefaultRefreshTokenHours), client.Inputs["refreshTokenValidity"].NumberValue())
	assert.Equal(t, float64(DefaultAuthSessionMinutes), client.Inputs["authSessionValidity"].NumberValue())
	units := object(t, client.Inputs, "tokenValidityUnits")
	assert.Equal(t, "minutes", units["accessToken"].StringValue())
	assert.Equal(t, "minutes", units["idToken"].StringValue())
	assert.Equal(t, "hours", units["refreshToken"].StringValue())

	// Without callback URLs the client has no OAuth flow at all.
	assert.False(t, client.Inputs["allowedOauthFlowsUserPoolClient"].BoolValue())
	assert.NotContains(t, client.Inputs, resource.PropertyKey("allowedOauthFlows"))
	assert.NotContains(t, client.Inputs, resource.PropertyKey("callbackUrls"))

	assert.Regexp(t, regexp.MustCompile(`^[a-z0-9]{26}$`), outputs.clientID)
	assert.Equal(t, client.ID, outputs.clientID)
}

func TestAuthWebClientCodeFlow(t *testing.T) {
	callbacks := []string{"https://app.example.com/callback", "http://localhost:5173/callback"}
	logouts := []string{"https://app.example.com/"}
	mocks, _ := newTestAuth(t, AuthArgs{NamePrefix: "app-test", CallbackURLs: callbacks, LogoutURLs: logouts})

	client := find(t, mocks, typeUserPoolClient, "auth-web-client")
	assert.True(t, client.Inputs["allowedOauthFlowsUserPoolClient"].BoolValue())
	assert.Equal(t, []string{"code"}, authStrings(t, client.Inputs, "allowedOauthFlows"))
	assert.Equal(t, WebClientOAuthScopes, authStrings(t, client.Inputs, "allowedOauthScopes"))
	assert.Equal(t, []string{"COGNITO"}, authStrings(t, client.Inputs, "supportedIdentityProviders"))
	assert.Equal(t, callbacks, authStrings(t, client.Inputs, "callbackUrls"))
	assert.Equal(t, logouts, authStrings(t, client.Inputs, "logoutUrls"))
	assert.False(t, client.Inputs["generateSecret"].BoolValue())
}

func TestAuthGroups(t *testing.T) {
	tests := []struct {
		name   string
		extra  []string
		groups map[string]float64
	}{
		{name: "defaults", groups: map[string]float64{"admin": 0, "user": 1000}},
		{
			name:   "extra groups",
			extra:  []string{"auditor", "support"},
			groups: map[string]float64{"admin": 0, "auditor": 10, "support": 20, "user": 1000},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, outputs := newTestAuth(t, AuthArgs{NamePrefix: "app-test", ExtraGroups: tt.extra})

			names := []string{}
			for name, precedence := range tt.groups {
				group := find(t, mocks, typeUserGroup, "auth-group-"+name)
				assertParent(t, group, AuthType, "auth")
				assert.Equal(t, name, group.Inputs["name"].StringValue())
				assert.Equal(t, precedence, group.Inputs["precedence"].NumberValue(), "precedence of %s", name)
				assert.Equal(t, outputs.userPoolID, group.Inputs["userPoolId"].StringValue())
				assert.Equal(t, outputs.userPoolID+"/"+name, group.ID)
				names = append(names, name)
			}
			assert.ElementsMatch(t, names, outputs.groupNames)
			assert.Equal(t, AdminGroup, outputs.groupNames[0])
			assert.Equal(t, UserGroup, outputs.groupNames[len(outputs.groupNames)-1])
		})
	}
}

func TestAuthCustomSettings(t *testing.T) {
	mocks, _ := newTestAuth(t, AuthArgs{
		NamePrefix:                    "app-test",
		PasswordMinimumLength:         16,
		TemporaryPasswordValidityDays: 1,
		MFA:                           MFAOptional,
		AllowSelfSignUp:               true,
		AccessTokenMinutes:            5,
		IDTokenMinutes:                30,
		RefreshTokenHours:             1,
	})

	pool := find(t, mocks, typeUserPool, "auth-user-pool")
	password := object(t, pool.Inputs, "passwordPolicy")
	assert.Equal(t, float64(16), password["minimumLength"].NumberValue())
	assert.Equal(t, float64(1), password["temporaryPasswordValidityDays"].NumberValue())
	assert.Equal(t, MFAOptional, pool.Inputs["mfaConfiguration"].StringValue())
	assert.True(t, object(t, pool.Inputs, "softwareTokenMfaConfiguration")["enabled"].BoolValue())
	assert.False(t, object(t, pool.Inputs, "adminCreateUserConfig")["allowAdminCreateUserOnly"].BoolValue())

	client := find(t, mocks, typeUserPoolClient, "auth-web-client")
	assert.Equal(t, float64(5), client.Inputs["accessTokenValidity"].NumberValue())
	assert.Equal(t, float64(30), client.Inputs["idTokenValidity"].NumberValue())
	assert.Equal(t, float64(1), client.Inputs["refreshTokenValidity"].NumberValue())
}

func TestAuthThreatProtection(t *testing.T) {
	tests := []struct {
		name     string
		plan     string
		mode     string
		wantMode string
	}{
		{name: "plus defaults to enforced", plan: FeaturePlanPlus, wantMode: ThreatProtectionEnforced},
		{name: "plus with audit", plan: FeaturePlanPlus, mode: ThreatProtectionAudit, wantMode: ThreatProtectionAudit},
		{name: "plus with off", plan: FeaturePlanPlus, mode: ThreatProtectionOff, wantMode: ThreatProtectionOff},
		{name: "essentials has no add-ons", plan: FeaturePlanEssentials},
		{name: "lite with off has no add-ons", plan: FeaturePlanLite, mode: ThreatProtectionOff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks, _ := newTestAuth(t, AuthArgs{NamePrefix: "app-test", FeaturePlan: tt.plan, ThreatProtection: tt.mode})

			pool := find(t, mocks, typeUserPool, "auth-user-pool")
			assert.Equal(t, tt.plan, pool.Inputs["userPoolTier"].StringValue())
			if tt.wantMode == "" {
				assert.NotContains(t, pool.Inputs, resource.PropertyKey("userPoolAddOns"))
				return
			}
			addOns := object(t, pool.Inputs, "userPoolAddOns")
			assert.Equal(t, tt.wantMode, addOns["advancedSecurityMode"].StringValue())
		})
	}
}

func TestAuthResourceServerAndDomain(t *testing.T) {
	mocks, outputs := newTestAuth(t, AuthArgs{
		NamePrefix:     "app-test",
		ResourceServer: AuthResourceServer{Identifier: "https://api.example.com", Scopes: []string{"files.read", "files.write"}},
		DomainPrefix:   "example-app-login",
	})

	server := find(t, mocks, typeResourceServer, "auth-resource-server")
	assertParent(t, server, AuthType, "auth")
	assert.Equal(t, "https://api.example.com", server.Inputs["identifier"].StringValue())
	assert.Equal(t, outputs.userPoolID, server.Inputs["userPoolId"].StringValue())
	assert.Equal(t, []string{"https://api.example.com/files.read", "https://api.example.com/files.write"},
		authStrings(t, server.Outputs, "scopeIdentifiers"))

	domain := find(t, mocks, typeUserPoolDomain, "auth-domain")
	assertParent(t, domain, AuthType, "auth")
	assert.Equal(t, "example-app-login", domain.Inputs["domain"].StringValue())
	assert.Equal(t, outputs.userPoolID, domain.Inputs["userPoolId"].StringValue())
	assert.Equal(t, "example-app-login", outputs.domain)
}

func TestAuthOptionalResourcesAbsent(t *testing.T) {
	mocks, _ := newTestAuth(t, AuthArgs{NamePrefix: "app-test"})

	_, hasServer := mocks.Find(typeResourceServer, "auth-resource-server")
	assert.False(t, hasServer)
	_, hasDomain := mocks.Find(typeUserPoolDomain, "auth-domain")
	assert.False(t, hasDomain)
}

func TestAuthProtect(t *testing.T) {
	mocks, _ := newTestAuth(t, AuthArgs{NamePrefix: "app-test", Protect: true})

	pool := find(t, mocks, typeUserPool, "auth-user-pool")
	assert.True(t, pool.Protect)
	assert.True(t, pool.RetainOnDelete)
}

func TestAuthRejectsInvalidArgs(t *testing.T) {
	tests := []struct {
		name string
		args AuthArgs
		want []string
	}{
		{
			name: "missing name prefix",
			args: AuthArgs{},
			want: []string{"NamePrefix is empty"},
		},
		{
			name: "password shorter than 8",
			args: AuthArgs{NamePrefix: "app", PasswordMinimumLength: 7},
			want: []string{"PasswordMinimumLength is 7, must be 8 to 99"},
		},
		{
			name: "temporary password too long",
			args: AuthArgs{NamePrefix: "app", TemporaryPasswordValidityDays: 366},
			want: []string{"TemporaryPasswordValidityDays is 366, must be 1 to 365"},
		},
		{
			name: "mfa off",
			args: AuthArgs{NamePrefix: "app", MFA: "OFF"},
			want: []string{`MFA "OFF" is invalid; use ON or OPTIONAL`},
		},
		{
			name: "unknown feature plan",
			args: AuthArgs{NamePrefix: "app", FeaturePlan: "GOLD"},
			want: []string{`FeaturePlan "GOLD" is invalid; use LITE, ESSENTIALS, PLUS`},
		},
		{
			name: "enforced without plus",
			args: AuthArgs{NamePrefix: "app", FeaturePlan: FeaturePlanEssentials, ThreatProtection: ThreatProtectionEnforced},
			want: []string{"ThreatProtection ENFORCED needs FeaturePlan PLUS, but FeaturePlan is ESSENTIALS"},
		},
		{
			name: "audit without plus",
			args: AuthArgs{NamePrefix: "app", ThreatProtection: ThreatProtectionAudit},
			want: []string{"ThreatProtection AUDIT needs FeaturePlan PLUS"},
		},
		{
			name: "unknown threat protection",
			args: AuthArgs{NamePrefix: "app", FeaturePlan: FeaturePlanPlus, ThreatProtection: "ON"},
			want: []string{`ThreatProtection "ON" is invalid`},
		},
		{
			name: "http callback",
			args: AuthArgs{NamePrefix: "app", CallbackURLs: []string{"http://app.example.com/callback"}},
			want: []string{`CallbackURLs: URL "http://app.example.com/callback" is invalid`},
		},
		{
			name: "http logout on 127.0.0.1",
			args: AuthArgs{
				NamePrefix: "app", CallbackURLs: []string{"https://app.example.com/cb"},
				LogoutURLs: []string{"http://127.0.0.1:5173/"},
			},
			want: []string{`LogoutURLs: URL "http://127.0.0.1:5173/" is invalid`},
		},
		{
			name: "callback with fragment",
			args: AuthArgs{NamePrefix: "app", CallbackURLs: []string{"https://app.example.com/#cb"}},
			want: []string{`CallbackURLs: URL "https://app.example.com/#cb" is invalid`},
		},
		{
			name: "relative callback",
			args: AuthArgs{NamePrefix: "app", CallbackURLs: []string{"/callback"}},
			want: []string{`CallbackURLs: URL "/callback" is invalid`},
		},
		{
			name: "logout without callback",
			args: AuthArgs{NamePrefix: "app", LogoutURLs: []string{"https://app.example.com/"}},
			want: []string{"LogoutURLs is set without CallbackURLs"},
		},
		{
			name: "access token too short",
			args: AuthArgs{NamePrefix: "app", AccessTokenMinutes: 4},
			want: []string{"AccessTokenMinutes is 4, must be 5 to 1440"},
		},
		{
			name: "id token too long",
			args: AuthArgs{NamePrefix: "app", IDTokenMinutes: 1441, RefreshTokenHours: 48},
			want: []string{"IDTokenMinutes is 1441, must be 5 to 1440"},
		},
		{
			name: "refresh token shorter than access token",
			args: AuthArgs{NamePrefix: "app", AccessTokenMinutes: 120, RefreshTokenHours: 1},
			want: []string{"RefreshTokenHours is 1, shorter than the access and ID tokens"},
		},
		{
			name: "invalid group name",
			args: AuthArgs{NamePrefix: "app", ExtraGroups: []string{"Auditors!"}},
			want: []string{`ExtraGroups has "Auditors!"`},
		},
		{
			name: "duplicate built-in group",
			args: AuthArgs{NamePrefix: "app", ExtraGroups: []string{"admin"}},
			want: []string{`ExtraGroups has "admin" twice or names a built-in group`},
		},
		{
			name: "scopes without identifier",
			args: AuthArgs{NamePrefix: "app", ResourceServer: AuthResourceServer{Scopes: []string{"files.read"}}},
			want: []string{"ResourceServer.Scopes is set without Identifier"},
		},
		{
			name: "resource server without scopes",
			args: AuthArgs{NamePrefix: "app", ResourceServer: AuthResourceServer{Identifier: "https://api.example.com"}},
			want: []string{"ResourceServer.Scopes is empty"},
		},
		{
			name: "invalid scope",
			args: AuthArgs{NamePrefix: "app", ResourceServer: AuthResourceServer{
				Identifier: "https://api.example.com", Scopes: []string{"files read"},
			}},
			want: []string{`ResourceServer.Scopes has "files read"`},
		},
		{
			name: "reserved domain word",
			args: AuthArgs{NamePrefix: "app", DomainPrefix: "my-cognito-login"},
			want: []string{`DomainPrefix "my-cognito-login" is invalid`},
		},
		{
			name: "every error at once",
			args: AuthArgs{NamePrefix: "app", PasswordMinimumLength: 6, MFA: "SMS"},
			want: []string{"PasswordMinimumLength is 6", `MFA "SMS" is invalid`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := authError(t, tt.args)

			require.Error(t, err)
			assert.Contains(t, err.Error(), `auth "auth"`)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestValidateAuthRedirectURL(t *testing.T) {
	tests := []struct {
		name  string
		url   string
		valid bool
	}{
		{name: "https", url: "https://app.example.com/callback", valid: true},
		{name: "http localhost", url: "http://localhost:5173/callback", valid: true},
		{name: "http other host", url: "http://app.example.com/callback"},
		{name: "wildcard", url: "https://*.example.com/callback"},
		{name: "custom scheme", url: "myapp://callback"},
		{name: "credentials", url: "https://user:pass@app.example.com/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateAuthRedirectURL(tt.url)

			if tt.valid {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.url)
			}
		})
	}
}
