package integration

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Callers of the authorization matrix: each is a name and the token it sends.
const (
	noToken       = "no token"
	forgedToken   = "forged token"
	expiredToken  = "expired token"
	tamperedToken = "tampered token"
	unsignedToken = "unsigned token"
	userA         = "user A"
	userB         = "user B"
	admin         = "admin"
	superadmin    = "superadmin"
)

// callerTokens returns the token of every caller of the matrix.
func callerTokens(t *testing.T) map[string]string {
	t.Helper()

	alice := env.users["alice"]
	claims := decodePayload(t, alice.idToken)

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	forged := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims(claims))
	forged.Header["kid"] = "CognitoLocal"
	forgedSigned, err := forged.SignedString(key)
	require.NoError(t, err)

	tamperedClaims := decodePayload(t, alice.idToken)
	tamperedClaims["sub"] = env.users["bob"].sub
	parts := strings.Split(alice.idToken, ".")
	payload, err := json.Marshal(tamperedClaims)
	require.NoError(t, err)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]

	unsigned, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims(claims)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	require.NoError(t, err)

	expired, err := env.pool.SignInWith(context.Background(), env.shortClientID, "alice", password)
	require.NoError(t, err)
	time.Sleep(2100 * time.Millisecond)

	return map[string]string{
		noToken:       "",
		forgedToken:   forgedSigned,
		expiredToken:  expired.IDToken,
		tamperedToken: tampered,
		unsignedToken: unsigned,
		userA:         alice.idToken,
		userB:         env.users["bob"].idToken,
		admin:         env.users["carol"].idToken,
		superadmin:    env.users["mallory"].idToken,
	}
}

func decodePayload(t *testing.T, token string) map[string]any {
	t.Helper()

	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(payload, &claims))
	return claims
}

// unauthenticated are the expected statuses of the callers without a valid token, for every route.
var unauthenticated = map[string]int{noToken: 401, forgedToken: 401, expiredToken: 401, tamperedToken: 401, unsignedToken: 401}

func expect(statuses map[string]int) map[string]int {
	all := map[string]int{}
	for caller, status := range unauthenticated {
		all[caller] = status
	}
	for caller, status := range statuses {
		all[caller] = status
	}
	return all
}

func TestAuthorizationMatrix(t *testing.T) {
	tokens := callerTokens(t)
	alice := env.users["alice"]
	fileOfA := uploadFile(t, alice, "matrix.txt", "text/plain", []byte("matrix\n"))
	uploadFile(t, env.users["erin"], "erin.txt", "text/plain", []byte("erin\n"))

	tests := []struct {
		name string
		// path returns the request path; a route that deletes gets a fresh file of A from newFile.
		path     func(newFile func() string) string
		method   string
		body     any
		statuses map[string]int
	}{
		{
			name: "POST /uploads", method: http.MethodPost,
			path:     func(func() string) string { return "/uploads" },
			body:     map[string]any{"name": "a.txt", "contentType": "text/plain", "size": 3},
			statuses: expect(map[string]int{userA: 201, userB: 201, admin: 201, superadmin: 201}),
		},
		{
			name: "GET /files", method: http.MethodGet,
			path:     func(func() string) string { return "/files" },
			statuses: expect(map[string]int{userA: 200, userB: 200, admin: 200, superadmin: 200}),
		},
		{
			name: "GET /files naming A", method: http.MethodGet,
			path:     func(func() string) string { return "/files?owner=" + alice.sub },
			statuses: expect(map[string]int{userA: 200, userB: 403, admin: 200, superadmin: 403}),
		},
		{
			name: "GET /files/{id}", method: http.MethodGet,
			path:     func(func() string) string { return "/files/" + fileOfA },
			statuses: expect(map[string]int{userA: 200, userB: 404, admin: 404, superadmin: 404}),
		},
		{
			name: "GET /files/{id} naming A", method: http.MethodGet,
			path:     func(func() string) string { return "/files/" + fileOfA + "?owner=" + alice.sub },
			statuses: expect(map[string]int{userA: 200, userB: 404, admin: 200, superadmin: 404}),
		},
		{
			name: "GET /files/{id} with traversal", method: http.MethodGet,
			path:     func(func() string) string { return "/files/..%2F" + alice.sub + "%2F" + fileOfA },
			statuses: expect(map[string]int{userA: 404, userB: 404, admin: 404, superadmin: 404}),
		},
		{
			name: "DELETE /files/{id} naming A", method: http.MethodDelete,
			path:     func(newFile func() string) string { return "/files/" + newFile() + "?owner=" + alice.sub },
			statuses: expect(map[string]int{userA: 204, userB: 404, admin: 204, superadmin: 404}),
		},
		{
			name: "GET /admin/quarantine", method: http.MethodGet,
			path:     func(func() string) string { return "/admin/quarantine" },
			statuses: expect(map[string]int{userA: 403, userB: 403, admin: 200, superadmin: 403}),
		},
		{
			name: "DELETE /admin/users/{sub}/files", method: http.MethodDelete,
			path:     func(func() string) string { return "/admin/users/" + env.users["erin"].sub + "/files" },
			statuses: expect(map[string]int{userA: 403, userB: 403, admin: 200, superadmin: 403}),
		},
		{
			name: "unknown route", method: http.MethodPut,
			path:     func(func() string) string { return "/files/" + fileOfA },
			statuses: map[string]int{noToken: 403, forgedToken: 403, expiredToken: 403, tamperedToken: 403, unsignedToken: 403, userA: 403, userB: 403, admin: 403, superadmin: 403},
		},
		// DELETE /me/files erases the caller's files, so it runs last, and user A's row with it.
		{
			name: "DELETE /me/files", method: http.MethodDelete,
			path:     func(func() string) string { return "/me/files" },
			statuses: expect(map[string]int{userB: 200, admin: 200, superadmin: 200}),
		},
	}
	callers := []string{noToken, forgedToken, expiredToken, tamperedToken, unsignedToken, userB, superadmin, admin, userA}
	for _, tt := range tests {
		for _, caller := range callers {
			want, ok := tt.statuses[caller]
			if !ok {
				continue
			}
			t.Run(tt.name+"/"+caller, func(t *testing.T) {
				newFile := func() string {
					if want == http.StatusNoContent {
						return uploadFile(t, alice, "to-delete.txt", "text/plain", []byte("delete me\n"))
					}
					return fileOfA
				}

				resp := call(t, tt.method, tt.path(newFile), tokens[caller], tt.body)

				assert.Equal(t, want, resp.status, "body: %s", resp.body)
				assert.NotEmpty(t, resp.header.Get("x-amzn-RequestId"))
				if want == http.StatusUnauthorized {
					assert.Contains(t, string(resp.body), `"message":`)
				}
			})
		}
	}

	t.Run("file of A survives the other callers", func(t *testing.T) {
		resp := call(t, http.MethodGet, "/files/"+fileOfA, tokens[userA], nil)

		assert.Equal(t, http.StatusOK, resp.status)
	})
	t.Run("B does not see the files of A", func(t *testing.T) {
		resp := call(t, http.MethodGet, "/files", tokens[userB], nil)

		require.Equal(t, http.StatusOK, resp.status)
		assert.NotContains(t, string(resp.body), alice.sub)
	})
	t.Run("A erases own files", func(t *testing.T) {
		resp := call(t, http.MethodDelete, "/me/files", tokens[userA], nil)

		require.Equal(t, http.StatusOK, resp.status, string(resp.body))
		assert.Empty(t, versions(t, "files/"+alice.sub+"/"))
	})
}

func TestExpiredTokenMessage(t *testing.T) {
	tokens, err := env.pool.SignInWith(context.Background(), env.shortClientID, "bob", password)
	require.NoError(t, err)
	time.Sleep(2100 * time.Millisecond)

	resp := call(t, http.MethodGet, "/files", tokens.IDToken, nil)

	assert.Equal(t, http.StatusUnauthorized, resp.status)
	assert.JSONEq(t, `{"message": "The incoming token has expired"}`, string(resp.body))
}
