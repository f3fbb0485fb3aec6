package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
)

const testRequestID = "b0f3a4c1-1d2e-4f5a-8b6c-7d8e9f0a1b2c"

// readEvent decodes testdata/name into a REST API proxy request.
func readEvent(t *testing.T, name string) (events.APIGatewayProxyRequest, []byte) {
	t.Helper()

	raw, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)

	var req events.APIGatewayProxyRequest
	require.NoError(t, json.Unmarshal(raw, &req))
	return req, raw
}

// invoke runs the handler as Lambda would, with Lambda context in ctx, and returns the response and the log
// output.
func invoke(t *testing.T, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, string) {
	t.Helper()

	previous := lambdacontext.FunctionName
	lambdacontext.FunctionName = "secure-serverless-me"
	t.Cleanup(func() { lambdacontext.FunctionName = previous })

	var logs bytes.Buffer
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: testRequestID})
	handler := newHandler(logging.New(&logs, slog.LevelDebug))

	resp, err := handler(ctx, req)
	require.NoError(t, err)
	return resp, logs.String()
}

// singleLogLine decodes the log output and requires it to be exactly one JSON object.
func singleLogLine(t *testing.T, output string) map[string]any {
	t.Helper()

	lines := strings.Split(strings.TrimSuffix(output, "\n"), "\n")
	require.Len(t, lines, 1, "expected one log line, got: %s", output)

	var record map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &record), "log line is not JSON: %s", lines[0])
	return record
}

func TestSampleEventsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		file string
	}{
		{name: "with cognito claims", file: "get-me-request.json"},
		{name: "without authorizer", file: "get-me-no-authorizer-request.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := readEvent(t, tt.file)

			encoded, err := json.Marshal(req)
			require.NoError(t, err)
			var decoded events.APIGatewayProxyRequest
			require.NoError(t, json.Unmarshal(encoded, &decoded))

			assert.Equal(t, req, decoded)
			assert.Equal(t, "GET", decoded.HTTPMethod)
			assert.Equal(t, "/me", decoded.Resource)
			assert.NotEmpty(t, decoded.RequestContext.RequestID)
		})
	}
}

func TestSampleEventClaims(t *testing.T) {
	req, _ := readEvent(t, "get-me-request.json")

	claims, ok := req.RequestContext.Authorizer["claims"].(map[string]any)

	require.True(t, ok, "authorizer claims are %T", req.RequestContext.Authorizer["claims"])
	assert.Equal(t, "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11", claims["sub"])
	assert.Equal(t, "admin,users", claims["cognito:groups"])
	assert.Equal(t, "id", claims["token_use"])
	assert.NotEmpty(t, req.Headers["Authorization"])
}

func TestHandlerReturnsCaller(t *testing.T) {
	req, _ := readEvent(t, "get-me-request.json")

	resp, _ := invoke(t, req)

	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{
		"sub": "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11",
		"username": "alice",
		"groups": ["admin", "users"]
	}`, resp.Body)
	assert.Equal(t, httpapi.SecurityHeaders(), resp.Headers)
}

func TestHandlerCallerWithoutGroups(t *testing.T) {
	req, _ := readEvent(t, "get-me-request.json")
	claims := req.RequestContext.Authorizer["claims"].(map[string]any)
	delete(claims, "cognito:groups")

	resp, _ := invoke(t, req)

	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"sub": "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11", "username": "alice", "groups": []}`, resp.Body)
}

func TestHandlerGroupShapes(t *testing.T) {
	tests := []struct {
		name   string
		groups any
		want   []string
	}{
		{name: "REST API comma separated", groups: "admin,users", want: []string{"admin", "users"}},
		{name: "single group", groups: "users", want: []string{"users"}},
		{name: "HTTP API bracketed", groups: "[admin users]", want: []string{"admin", "users"}},
		{name: "JSON array string", groups: `["admin","users"]`, want: []string{"admin", "users"}},
		{name: "decoded JSON array", groups: []any{"admin"}, want: []string{"admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := readEvent(t, "get-me-request.json")
			req.RequestContext.Authorizer["claims"].(map[string]any)["cognito:groups"] = tt.groups

			resp, _ := invoke(t, req)

			require.Equal(t, http.StatusOK, resp.StatusCode)
			var body meResponse
			require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
			assert.Equal(t, tt.want, body.Groups)
		})
	}
}

func TestHandlerMissingClaims(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*events.APIGatewayProxyRequest)
	}{
		{name: "no authorizer", mutate: func(*events.APIGatewayProxyRequest) {}},
		{
			name: "claims without sub",
			mutate: func(req *events.APIGatewayProxyRequest) {
				req.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"cognito:username": "alice"}}
			},
		},
		{
			name: "identity only in headers",
			mutate: func(req *events.APIGatewayProxyRequest) {
				req.Headers["X-User-Sub"] = "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11"
				req.Headers["X-Cognito-Groups"] = "admin"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := readEvent(t, "get-me-no-authorizer-request.json")
			tt.mutate(&req)

			resp, logs := invoke(t, req)

			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			assert.JSONEq(t, `{"error": {"code": "unauthorized", "message": "The request has no authenticated caller."}}`, resp.Body)
			assert.Equal(t, httpapi.SecurityHeaders(), resp.Headers)

			record := singleLogLine(t, logs)
			assert.Equal(t, "ERROR", record[logging.KeyLevel])
			assert.Equal(t, 401.0, record[logging.KeyStatus])
			assert.Equal(t, testRequestID, record[logging.KeyRequestID])
			assert.NotContains(t, record, logging.KeySubject)
			assert.NotContains(t, logs, "7d1e6a52")
		})
	}
}

func TestHandlerInvalidClaims(t *testing.T) {
	req, _ := readEvent(t, "get-me-request.json")
	req.RequestContext.Authorizer["claims"].(map[string]any)["cognito:groups"] = 12.0

	resp, logs := invoke(t, req)

	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.JSONEq(t, `{"error": {"code": "internal_error", "message": "The request failed because of an internal error."}}`, resp.Body)
	assert.NotContains(t, resp.Body, "cognito:groups")

	record := singleLogLine(t, logs)
	assert.Equal(t, 500.0, record[logging.KeyStatus])
	assert.Contains(t, record[logging.KeyError], "cognito:groups")
}

func TestHandlerLogLine(t *testing.T) {
	req, raw := readEvent(t, "get-me-request.json")
	authorization := req.Headers["Authorization"]
	require.NotEmpty(t, authorization)
	require.Contains(t, string(raw), authorization)

	_, logs := invoke(t, req)

	record := singleLogLine(t, logs)
	assert.Equal(t, "request handled", record[logging.KeyMessage])
	assert.Equal(t, "INFO", record[logging.KeyLevel])
	assert.Contains(t, record, logging.KeyTimestamp)
	assert.Equal(t, testRequestID, record[logging.KeyRequestID])
	assert.Equal(t, "secure-serverless-me", record[logging.KeyFunctionName])
	assert.Equal(t, "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11", record[logging.KeySubject])
	assert.Equal(t, 200.0, record[logging.KeyStatus])
	assert.Len(t, record, 7, "unexpected keys in log line: %v", record)

	assert.NotContains(t, logs, authorization)
	for _, part := range strings.Split(authorization, ".") {
		assert.NotContains(t, logs, part)
	}
	assert.NotContains(t, logs, "Authorization")
	assert.NotContains(t, logs, "alice@example.com")
}
