package authz

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requestWithClaims returns a REST API proxy request whose authorizer claims are decoded from claimsJSON, so
// the claim values have the types that encoding/json produces for a real event.
func requestWithClaims(t *testing.T, claimsJSON string) events.APIGatewayProxyRequest {
	t.Helper()

	var claims map[string]any
	require.NoError(t, json.Unmarshal([]byte(claimsJSON), &claims))

	return events.APIGatewayProxyRequest{
		HTTPMethod: "GET",
		Path:       "/me",
		RequestContext: events.APIGatewayProxyRequestContext{
			Authorizer: map[string]any{"claims": claims},
		},
	}
}

func TestParseGroupsShapes(t *testing.T) {
	tests := []struct {
		name  string
		value any
		want  []string
	}{
		{name: "absent", value: nil, want: nil},
		{name: "empty string", value: "", want: nil},
		{name: "blank string", value: "  ", want: nil},
		{name: "single name", value: "admin", want: []string{"admin"}},
		{name: "comma separated", value: "admin,users", want: []string{"admin", "users"}},
		{name: "comma and space separated", value: "admin, users", want: []string{"admin", "users"}},
		{name: "trailing comma", value: "admin,", want: []string{"admin"}},
		{name: "bracketed space separated", value: "[admin users]", want: []string{"admin", "users"}},
		{name: "bracketed single name", value: "[admin]", want: []string{"admin"}},
		{name: "bracketed comma separated", value: "[admin, users]", want: []string{"admin", "users"}},
		{name: "bracketed empty", value: "[]", want: nil},
		{name: "JSON array string", value: `["admin","users"]`, want: []string{"admin", "users"}},
		{name: "JSON array string keeps commas", value: `["a,b","c"]`, want: []string{"a,b", "c"}},
		{name: "JSON empty array string", value: `[""]`, want: nil},
		{name: "decoded JSON array", value: []any{"admin", "users"}, want: []string{"admin", "users"}},
		{name: "string slice", value: []string{"admin", " ", "users"}, want: []string{"admin", "users"}},
		{name: "names with punctuation", value: "eu-west-1_abc_Google,team.ops", want: []string{"eu-west-1_abc_Google", "team.ops"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseGroups(tt.value)

			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseGroupsInvalid(t *testing.T) {
	tests := []struct {
		name  string
		value any
	}{
		{name: "number", value: 42.0},
		{name: "object", value: map[string]any{"admin": true}},
		{name: "array with number", value: []any{"admin", 1.0}},
		{name: "malformed JSON array string", value: `["admin",`},
		{name: "JSON array string of numbers", value: `[1, "x"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseGroups(tt.value)

			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidClaim)
			assert.Nil(t, got)
		})
	}
}

func TestCallerFromRequest(t *testing.T) {
	tests := []struct {
		name   string
		claims string
		want   Caller
	}{
		{
			name: "ID token claims",
			claims: `{
				"sub": "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11",
				"cognito:username": "alice",
				"cognito:groups": "admin,users",
				"token_use": "id",
				"email": "alice@example.com"
			}`,
			want: Caller{
				Subject:  "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11",
				Username: "alice",
				Groups:   []string{"admin", "users"},
			},
		},
		{
			name: "access token claims",
			claims: `{
				"sub": "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11",
				"username": "alice",
				"cognito:groups": "[admin]",
				"token_use": "access",
				"scope": "openid profile api/read"
			}`,
			want: Caller{
				Subject:  "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11",
				Username: "alice",
				Groups:   []string{"admin"},
				Scopes:   []string{"openid", "profile", "api/read"},
			},
		},
		{
			name:   "cognito username wins over username",
			claims: `{"sub": "s-1", "cognito:username": "alice", "username": "other"}`,
			want:   Caller{Subject: "s-1", Username: "alice"},
		},
		{
			name:   "no groups and no username",
			claims: `{"sub": "s-1"}`,
			want:   Caller{Subject: "s-1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			caller, err := CallerFromRequest(requestWithClaims(t, tt.claims))

			require.NoError(t, err)
			assert.Equal(t, tt.want, caller)
		})
	}
}

func TestCallerFromRequestStringClaims(t *testing.T) {
	req := events.APIGatewayProxyRequest{
		RequestContext: events.APIGatewayProxyRequestContext{
			Authorizer: map[string]any{"claims": map[string]string{
				"sub":            "s-1",
				"cognito:groups": "admin",
			}},
		},
	}

	caller, err := CallerFromRequest(req)

	require.NoError(t, err)
	assert.Equal(t, "s-1", caller.Subject)
	assert.Equal(t, []string{"admin"}, caller.Groups)
}

func TestCallerFromRequestNoCaller(t *testing.T) {
	tests := []struct {
		name       string
		authorizer map[string]any
	}{
		{name: "no authorizer", authorizer: nil},
		{name: "lambda authorizer context", authorizer: map[string]any{"principalId": "alice"}},
		{name: "null claims", authorizer: map[string]any{"claims": nil}},
		{name: "empty claims", authorizer: map[string]any{"claims": map[string]any{}}},
		{name: "empty sub", authorizer: map[string]any{"claims": map[string]any{"sub": " ", "cognito:username": "alice"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := events.APIGatewayProxyRequest{
				RequestContext: events.APIGatewayProxyRequestContext{Authorizer: tt.authorizer},
			}

			caller, err := CallerFromRequest(req)

			require.Error(t, err)
			assert.ErrorIs(t, err, ErrNoCaller)
			assert.Equal(t, Caller{}, caller)
		})
	}
}

func TestCallerFromRequestIgnoresHeaders(t *testing.T) {
	req := events.APIGatewayProxyRequest{
		Headers: map[string]string{
			"Authorization":    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.",
			"X-Amzn-Oidc-Data": "eyJzdWIiOiJtYWxsb3J5In0",
			"X-User-Sub":       "mallory",
			"X-Cognito-Groups": "admin",
		},
		MultiValueHeaders: map[string][]string{"X-User-Sub": {"mallory"}},
	}

	caller, err := CallerFromRequest(req)

	require.Error(t, err)
	assert.ErrorIs(t, err, ErrNoCaller)
	assert.Empty(t, caller.Subject)
	assert.Empty(t, caller.Groups)
}

func TestCallerFromRequestInvalidClaim(t *testing.T) {
	tests := []struct {
		name       string
		authorizer map[string]any
	}{
		{name: "claims not an object", authorizer: map[string]any{"claims": "sub=alice"}},
		{name: "sub not a string", authorizer: map[string]any{"claims": map[string]any{"sub": 7.0}}},
		{name: "username not a string", authorizer: map[string]any{"claims": map[string]any{"sub": "s-1", "cognito:username": true}}},
		{name: "groups not a string", authorizer: map[string]any{"claims": map[string]any{"sub": "s-1", "cognito:groups": 3.0}}},
		{name: "scope not a string", authorizer: map[string]any{"claims": map[string]any{"sub": "s-1", "scope": []any{"openid"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := events.APIGatewayProxyRequest{
				RequestContext: events.APIGatewayProxyRequestContext{Authorizer: tt.authorizer},
			}

			_, err := CallerFromRequest(req)

			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidClaim)
			assert.NotErrorIs(t, err, ErrNoCaller)
		})
	}
}

func TestCallerInGroup(t *testing.T) {
	caller := Caller{Subject: "s-1", Groups: []string{"admin", "users"}}

	tests := []struct {
		name  string
		group string
		want  bool
	}{
		{name: "member", group: "users", want: true},
		{name: "not a member", group: "billing", want: false},
		{name: "case differs", group: "Admin", want: false},
		{name: "empty name", group: "", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, caller.InGroup(tt.group))
		})
	}
}

func TestCallerInGroupNoGroups(t *testing.T) {
	assert.False(t, Caller{Subject: "s-1"}.InGroup("admin"))
}

func TestCallerHasScope(t *testing.T) {
	caller := Caller{Subject: "s-1", Scopes: []string{"openid", "api/read"}}

	assert.True(t, caller.HasScope("api/read"))
	assert.False(t, caller.HasScope("api/write"))
}
