package httpapi

import (
	"encoding/json"
	"math"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertSecurityHeaders checks the headers that every response must carry.
func assertSecurityHeaders(t *testing.T, resp events.APIGatewayProxyResponse) {
	t.Helper()

	assert.Equal(t, "application/json; charset=utf-8", resp.Headers["Content-Type"])
	assert.Equal(t, "no-store", resp.Headers["Cache-Control"])
	assert.Equal(t, "nosniff", resp.Headers["X-Content-Type-Options"])
	assert.Equal(t, "max-age=31536000; includeSubDomains", resp.Headers["Strict-Transport-Security"])
	assert.Equal(t, "default-src 'none'; frame-ancestors 'none'", resp.Headers["Content-Security-Policy"])
	assert.Equal(t, "DENY", resp.Headers["X-Frame-Options"])
	assert.Equal(t, "no-referrer", resp.Headers["Referrer-Policy"])
	assert.Nil(t, resp.MultiValueHeaders)
	assert.False(t, resp.IsBase64Encoded)
}

// decodeError decodes an error body and requires it to have exactly the documented shape.
func decodeError(t *testing.T, body string) ErrorDetail {
	t.Helper()

	var raw map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &raw))
	require.Len(t, raw, 1, "error body has other top-level keys: %s", body)
	require.Contains(t, raw, "error")
	require.Len(t, raw["error"], 2, "error object has other keys: %s", body)

	var decoded ErrorBody
	require.NoError(t, json.Unmarshal([]byte(body), &decoded))
	return decoded.Error
}

func TestJSON(t *testing.T) {
	resp, err := JSON(http.StatusOK, map[string]any{"sub": "s-1", "groups": []string{"admin"}})

	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"sub": "s-1", "groups": ["admin"]}`, resp.Body)
	assertSecurityHeaders(t, resp)
}

func TestJSONEncodingFailure(t *testing.T) {
	resp, err := JSON(http.StatusOK, map[string]float64{"value": math.Inf(1)})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "encoding response body")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.NotContains(t, resp.Body, "Inf")
	assert.Equal(t, CodeInternal, decodeError(t, resp.Body).Code)
	assertSecurityHeaders(t, resp)
}

func TestErrorResponses(t *testing.T) {
	tests := []struct {
		name       string
		resp       events.APIGatewayProxyResponse
		wantStatus int
		wantCode   string
	}{
		{name: "unauthorized", resp: Unauthorized(), wantStatus: http.StatusUnauthorized, wantCode: CodeUnauthorized},
		{name: "forbidden", resp: Forbidden(), wantStatus: http.StatusForbidden, wantCode: CodeForbidden},
		{name: "internal error", resp: InternalError(), wantStatus: http.StatusInternalServerError, wantCode: CodeInternal},
		{
			name:       "custom",
			resp:       Error(http.StatusNotFound, CodeNotFound, "The file does not exist."),
			wantStatus: http.StatusNotFound,
			wantCode:   CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantStatus, tt.resp.StatusCode)
			detail := decodeError(t, tt.resp.Body)
			assert.Equal(t, tt.wantCode, detail.Code)
			assert.NotEmpty(t, detail.Message)
			assertSecurityHeaders(t, tt.resp)
		})
	}
}

func TestErrorEscapesMessage(t *testing.T) {
	resp := Error(http.StatusBadRequest, CodeBadRequest, `name "x" is "invalid"`)

	detail := decodeError(t, resp.Body)
	assert.Equal(t, `name "x" is "invalid"`, detail.Message)
}

func TestSecurityHeadersReturnsCopy(t *testing.T) {
	headers := SecurityHeaders()
	headers["Cache-Control"] = "public"

	assert.Equal(t, "no-store", SecurityHeaders()["Cache-Control"])
	assert.Equal(t, "no-store", InternalError().Headers["Cache-Control"])
}
