package authz

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
)

func FuzzParseGroups(f *testing.F) {
	for _, seed := range []string{"", "admin", "admin,users", "[admin users]", `["admin","users"]`, `["a,b"]`, "[", `["x"`, " , ", "superadmin"} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, value string) {
		groups, err := ParseGroups(value)
		if err != nil {
			assert.True(t, errors.Is(err, ErrInvalidClaim))
			assert.Nil(t, groups)
			return
		}
		for _, group := range groups {
			assert.NotEmpty(t, group)
			assert.Equal(t, strings.TrimSpace(group), group)
		}
		if groups != nil {
			assert.NotEmpty(t, groups)
		}
	})
}

func FuzzCallerFromRequest(f *testing.F) {
	f.Add(`{"sub": "s-1", "cognito:groups": "admin,users", "cognito:username": "alice"}`)
	f.Add(`{"sub": "", "cognito:groups": "admin"}`)
	f.Add(`{"sub": 1}`)
	f.Add(`{"sub": "s-1", "scope": "openid profile", "cognito:groups": ["admin"]}`)
	f.Add(`null`)

	f.Fuzz(func(t *testing.T, claimsJSON string) {
		var claims any
		if json.Unmarshal([]byte(claimsJSON), &claims) != nil {
			return
		}
		req := events.APIGatewayProxyRequest{RequestContext: events.APIGatewayProxyRequestContext{
			Authorizer: map[string]any{"claims": claims},
		}}

		caller, err := CallerFromRequest(req)
		if err != nil {
			assert.True(t, errors.Is(err, ErrNoCaller) || errors.Is(err, ErrInvalidClaim), "unexpected error %v", err)
			assert.Equal(t, Caller{}, caller)
			return
		}
		assert.NotEmpty(t, caller.Subject)
		assert.Equal(t, strings.TrimSpace(caller.Subject), caller.Subject)
	})
}
