package devapi

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/authz"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/s3fake"
)

const (
	testIssuer = "http://127.0.0.1:9229/local_pool1"
	testKeyID  = "test-key"
	testClient = "client-1"
)

var testNow = time.Date(2026, 1, 1, 0, 5, 0, 0, time.UTC)

// jwksServer serves the public part of key as a JWKS on 127.0.0.1.
func jwksServer(t *testing.T, key *rsa.PrivateKey) *httptest.Server {
	t.Helper()

	jwks := map[string]any{"keys": []any{map[string]any{
		"kty": "RSA", "alg": "RS256", "use": "sig", "kid": testKeyID,
		"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
	}}}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(jwks)
	}))
	t.Cleanup(server.Close)
	return server
}

func newKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	return key
}

// idClaims returns the claims of a valid ID token of the test pool.
func idClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"sub":              "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11",
		"cognito:username": "alice",
		"cognito:groups":   []any{"admin", "users"},
		"email_verified":   true,
		"auth_time":        float64(testNow.Add(-time.Minute).Unix()),
		"iss":              testIssuer,
		"aud":              testClient,
		"token_use":        "id",
		"iat":              float64(testNow.Add(-time.Minute).Unix()),
		"exp":              float64(testNow.Add(time.Hour).Unix()),
	}
}

func sign(t *testing.T, key *rsa.PrivateKey, method jwt.SigningMethod, claims jwt.MapClaims) string {
	t.Helper()

	token := jwt.NewWithClaims(method, claims)
	token.Header["kid"] = testKeyID
	signed, err := token.SignedString(key)
	require.NoError(t, err)
	return signed
}

func newTestVerifier(t *testing.T, key *rsa.PrivateKey, mutate func(*VerifierConfig)) *Verifier {
	t.Helper()

	cfg := VerifierConfig{
		Issuer:  testIssuer,
		JWKSURL: jwksServer(t, key).URL,
		Now:     func() time.Time { return testNow },
	}
	if mutate != nil {
		mutate(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	verifier, err := NewVerifier(ctx, cfg)
	require.NoError(t, err)
	return verifier
}

func TestVerifyAcceptsValidToken(t *testing.T) {
	key := newKey(t)
	verifier := newTestVerifier(t, key, nil)
	token := sign(t, key, jwt.SigningMethodRS256, idClaims())

	for _, header := range []string{"Bearer " + token, "bearer " + token, token} {
		claims, err := verifier.Verify(context.Background(), header)

		require.NoError(t, err)
		assert.Equal(t, "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11", claims["sub"])
	}
}

func TestVerifyRejects(t *testing.T) {
	key := newKey(t)
	otherKey := newKey(t)
	withClaims := func(change func(jwt.MapClaims)) string {
		claims := idClaims()
		change(claims)
		return sign(t, key, jwt.SigningMethodRS256, claims)
	}
	valid := sign(t, key, jwt.SigningMethodRS256, idClaims())
	parts := strings.Split(valid, ".")
	tests := []struct {
		name    string
		header  string
		config  func(*VerifierConfig)
		wantErr error
	}{
		{name: "no header", header: "", wantErr: ErrNoToken},
		{name: "bearer without token", header: "Bearer ", wantErr: ErrInvalidToken},
		{name: "garbage", header: "Bearer not.a.jwt", wantErr: ErrInvalidToken},
		{name: "signed by another key", header: sign(t, otherKey, jwt.SigningMethodRS256, idClaims()), wantErr: ErrInvalidToken},
		{name: "payload changed", header: parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"mallory"}`)) + "." + parts[2], wantErr: ErrInvalidToken},
		{name: "alg none", header: func() string {
			s, err := jwt.NewWithClaims(jwt.SigningMethodNone, idClaims()).SignedString(jwt.UnsafeAllowNoneSignatureType)
			require.NoError(t, err)
			return s
		}(), wantErr: ErrInvalidToken},
		{name: "HS256 with the public key", header: func() string {
			s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, idClaims()).SignedString(key.N.Bytes())
			require.NoError(t, err)
			return s
		}(), wantErr: ErrInvalidToken},
		{name: "expired", header: withClaims(func(c jwt.MapClaims) { c["exp"] = float64(testNow.Add(-time.Second).Unix()) }), wantErr: ErrTokenExpired},
		{name: "no exp", header: withClaims(func(c jwt.MapClaims) { delete(c, "exp") }), wantErr: ErrInvalidToken},
		{name: "issued in the future", header: withClaims(func(c jwt.MapClaims) { c["iat"] = float64(testNow.Add(time.Hour).Unix()) }), wantErr: ErrInvalidToken},
		{name: "other issuer", header: withClaims(func(c jwt.MapClaims) { c["iss"] = "https://cognito-idp.eu-west-1.amazonaws.com/other" }), wantErr: ErrInvalidToken},
		{name: "access token where ID token expected", header: withClaims(func(c jwt.MapClaims) { c["token_use"] = "access" }), wantErr: ErrInvalidToken},
		{name: "no sub", header: withClaims(func(c jwt.MapClaims) { delete(c, "sub") }), wantErr: ErrInvalidToken},
		{
			name:    "other app client",
			header:  withClaims(func(c jwt.MapClaims) { c["aud"] = "client-2" }),
			config:  func(cfg *VerifierConfig) { cfg.ClientIDs = []string{testClient} },
			wantErr: ErrInvalidToken,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verifier := newTestVerifier(t, key, tt.config)

			claims, err := verifier.Verify(context.Background(), tt.header)

			assert.Nil(t, claims)
			assert.ErrorIs(t, err, tt.wantErr)
		})
	}
}

func TestNewVerifierFailsWithoutJWKS(t *testing.T) {
	server := httptest.NewServer(http.NotFoundHandler())
	server.Close()

	_, err := NewVerifier(context.Background(), VerifierConfig{Issuer: testIssuer, JWKSURL: server.URL})

	assert.ErrorContains(t, err, "fetching JWKS")
}

func TestAuthorizerClaims(t *testing.T) {
	claims := AuthorizerClaims(idClaims())

	assert.Equal(t, "admin,users", claims["cognito:groups"])
	assert.Equal(t, "true", claims["email_verified"])
	assert.Equal(t, "Thu Jan 01 01:05:00 UTC 2026", claims["exp"])
	assert.Equal(t, "Thu Jan 01 00:04:00 UTC 2026", claims["iat"])
	assert.Equal(t, "1767225840", claims["auth_time"])
	for name, value := range claims {
		assert.IsType(t, "", value, "claim %s", name)
	}

	caller, err := authz.CallerFromRequest(events.APIGatewayProxyRequest{
		RequestContext: events.APIGatewayProxyRequestContext{Authorizer: map[string]any{"claims": claims}},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"admin", "users"}, caller.Groups)
}

func TestBuildEvent(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/uploads?limit=5&tag=a&tag=b", strings.NewReader("{}"))
	req.Header.Add("Accept", "application/json")
	req.Header.Add("Accept", "text/plain")
	req.Header.Set("Authorization", "Bearer x")
	route := Route{Method: http.MethodPost, Resource: "/uploads"}

	event := BuildEvent(req, EventInput{Route: route, Claims: map[string]any{"sub": "s-1"}, Body: []byte("{}"), RequestID: "r-1", Now: testNow})

	assert.Equal(t, "/uploads", event.Resource)
	assert.Equal(t, "/uploads", event.Path)
	assert.Equal(t, "text/plain", event.Headers["Accept"])
	assert.Equal(t, []string{"application/json", "text/plain"}, event.MultiValueHeaders["Accept"])
	assert.Equal(t, "example.com", event.Headers["Host"])
	assert.Equal(t, "b", event.QueryStringParameters["tag"])
	assert.Equal(t, []string{"a", "b"}, event.MultiValueQueryStringParameters["tag"])
	assert.Nil(t, event.PathParameters)
	assert.Equal(t, "{}", event.Body)
	assert.False(t, event.IsBase64Encoded)
	assert.Equal(t, "r-1", event.RequestContext.RequestID)
	assert.Equal(t, "/uploads", event.RequestContext.ResourcePath)
	assert.Equal(t, "/local/uploads", event.RequestContext.Path)
	assert.Equal(t, testNow.UnixMilli(), event.RequestContext.RequestTimeEpoch)
	assert.Equal(t, map[string]any{"claims": map[string]any{"sub": "s-1"}}, event.RequestContext.Authorizer)
	assert.Equal(t, "192.0.2.1", event.RequestContext.Identity.SourceIP)

	encoded, err := json.Marshal(event)
	require.NoError(t, err)
	var decoded events.APIGatewayProxyRequest
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	assert.Equal(t, event.Headers, decoded.Headers)
}

func TestBuildEventBinaryBody(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/uploads", nil)
	body := []byte{0xff, 0x00, 0x01}

	event := BuildEvent(req, EventInput{Body: body, Now: testNow})

	assert.True(t, event.IsBase64Encoded)
	assert.Equal(t, base64.StdEncoding.EncodeToString(body), event.Body)
}

// stubVerifier accepts the token "good" for sub s-1 and "admin" for an admin.
type stubVerifier struct{}

func (stubVerifier) Verify(_ context.Context, authorization string) (map[string]any, error) {
	switch strings.TrimPrefix(authorization, "Bearer ") {
	case "good":
		return map[string]any{"sub": "s-1", "exp": float64(testNow.Unix())}, nil
	case "expired":
		return nil, ErrTokenExpired
	case "":
		return nil, ErrNoToken
	default:
		return nil, ErrInvalidToken
	}
}

// recordingHandler records the event it receives and returns resp.
type recordingHandler struct {
	events []events.APIGatewayProxyRequest
	resp   events.APIGatewayProxyResponse
	err    error
}

func (h *recordingHandler) handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	h.events = append(h.events, event)
	if lc, ok := lambdacontext.FromContext(ctx); !ok || lc.AwsRequestID == "" {
		return events.APIGatewayProxyResponse{}, errors.New("no Lambda context")
	}
	if _, ok := ctx.Deadline(); !ok {
		return events.APIGatewayProxyResponse{}, errors.New("no deadline")
	}
	return h.resp, h.err
}

func serveOnce(t *testing.T, handler *recordingHandler, method, target, token string, body io.Reader) *http.Response {
	t.Helper()

	server := NewServer([]Route{
		{Method: http.MethodGet, Resource: "/files/{id}", Handler: handler.handle},
		{Method: http.MethodDelete, Resource: "/admin/users/{sub}/files", Handler: handler.handle},
		{Method: http.MethodPost, Resource: "/uploads", Handler: handler.handle},
	}, stubVerifier{}, nil)
	req := httptest.NewRequest(method, target, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	recorder := httptest.NewRecorder()

	server.ServeHTTP(recorder, req)
	return recorder.Result()
}

func TestServerGatewayResponses(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		target      string
		token       string
		wantStatus  int
		wantMessage string
	}{
		{name: "no token", method: http.MethodGet, target: "/files/x", wantStatus: 401, wantMessage: "Unauthorized"},
		{name: "invalid token", method: http.MethodGet, target: "/files/x", token: "forged", wantStatus: 401, wantMessage: "Unauthorized"},
		{name: "expired token", method: http.MethodGet, target: "/files/x", token: "expired", wantStatus: 401, wantMessage: "The incoming token has expired"},
		{name: "unknown path", method: http.MethodGet, target: "/secrets", token: "good", wantStatus: 403, wantMessage: "Missing Authentication Token"},
		{name: "unknown method", method: http.MethodPut, target: "/files/x", token: "good", wantStatus: 403, wantMessage: "Missing Authentication Token"},
		{name: "empty path parameter", method: http.MethodGet, target: "/files/", token: "good", wantStatus: 403, wantMessage: "Missing Authentication Token"},
		{name: "extra segment", method: http.MethodGet, target: "/files/a/b", token: "good", wantStatus: 403, wantMessage: "Missing Authentication Token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handler := &recordingHandler{}

			resp := serveOnce(t, handler, tt.method, tt.target, tt.token, nil)

			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.JSONEq(t, `{"message": "`+tt.wantMessage+`"}`, string(body))
			assert.NotEmpty(t, resp.Header.Get("x-amzn-RequestId"))
			assert.Empty(t, handler.events, "the handler must not run")
		})
	}
}

func TestServerCallsHandler(t *testing.T) {
	handler := &recordingHandler{resp: events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json", "X-Frame-Options": "DENY"},
		Body:       `{"ok":true}`,
	}}

	resp := serveOnce(t, handler, http.MethodGet, "/files/..%2Fother%2Fid?owner=s-2", "good", nil)

	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, `{"ok":true}`, string(body))
	assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
	require.Len(t, handler.events, 1)
	event := handler.events[0]
	assert.Equal(t, "/files/{id}", event.Resource)
	assert.Equal(t, map[string]string{"id": "../other/id"}, event.PathParameters, "an encoded slash stays in the parameter")
	assert.Equal(t, "s-2", event.QueryStringParameters["owner"])
	assert.Equal(t, "s-1", event.RequestContext.Authorizer["claims"].(map[string]any)["sub"])
	assert.Equal(t, "Thu Jan 01 00:05:00 UTC 2026", event.RequestContext.Authorizer["claims"].(map[string]any)["exp"])
	assert.Equal(t, resp.Header.Get("x-amzn-RequestId"), event.RequestContext.RequestID)
}

func TestServerBase64ResponseAndHandlerError(t *testing.T) {
	binary := &recordingHandler{resp: events.APIGatewayProxyResponse{StatusCode: 200, Body: base64.StdEncoding.EncodeToString([]byte{1, 2, 3}), IsBase64Encoded: true}}
	failing := &recordingHandler{err: errors.New("panic in handler")}

	binaryResp := serveOnce(t, binary, http.MethodGet, "/files/x", "good", nil)
	failingResp := serveOnce(t, failing, http.MethodGet, "/files/x", "good", nil)

	body, err := io.ReadAll(binaryResp.Body)
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 2, 3}, body)
	assert.Equal(t, http.StatusBadGateway, failingResp.StatusCode)
}

func TestServerBodyLimit(t *testing.T) {
	handler := &recordingHandler{resp: events.APIGatewayProxyResponse{StatusCode: 201}}

	resp := serveOnce(t, handler, http.MethodPost, "/uploads", "good", strings.NewReader(strings.Repeat("a", MaxBodyBytes+1)))

	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.Empty(t, handler.events)
}

func TestFileAPIRoutes(t *testing.T) {
	noop := func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return events.APIGatewayProxyResponse{}, nil
	}

	routes, err := FileAPIRoutes(map[string]fileapi.Handler{
		fileapi.FunctionUploads: noop, fileapi.FunctionFiles: noop, fileapi.FunctionQuarantine: noop,
	})
	_, missingErr := FileAPIRoutes(map[string]fileapi.Handler{fileapi.FunctionUploads: noop})

	require.NoError(t, err)
	assert.Len(t, routes, len(fileapi.Routes))
	assert.ErrorContains(t, missingErr, `no handler for function "files"`)
}

func TestPollUploads(t *testing.T) {
	key := "quarantine/7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11/3f2b6c1e-8d4a-4b7e-9c1d-2e5f6a7b8c9d"
	fake := s3fake.New(t)
	fake.ListObjectsV2Func = func(in *s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error) {
		assert.Equal(t, "quarantine/", aws.ToString(in.Prefix))
		return &s3.ListObjectsV2Output{Contents: []s3types.Object{{Key: aws.String(key)}}}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	var received []json.RawMessage
	handle := func(_ context.Context, event json.RawMessage) error {
		received = append(received, event)
		if len(received) == 2 {
			cancel()
		}
		return errors.New("first attempt fails")
	}

	PollUploads(ctx, fake, "bucket-1", "quarantine/", time.Millisecond, handle, nil)

	require.Len(t, received, 2, "a failed upload is handled again on the next poll")
	var event events.S3Event
	require.NoError(t, json.Unmarshal(received[0], &event))
	require.Len(t, event.Records, 1)
	assert.Equal(t, "ObjectCreated:Post", event.Records[0].EventName)
	assert.Equal(t, "bucket-1", event.Records[0].S3.Bucket.Name)
	assert.Equal(t, strings.ReplaceAll(key, "/", "%2F"), event.Records[0].S3.Object.Key)
}
