package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorWithRequestID(t *testing.T) {
	resp := ErrorWithRequestID(http.StatusConflict, "conflict", "The file changed.", "req-1")

	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.JSONEq(t, `{"error": {"code": "conflict", "message": "The file changed.", "requestId": "req-1"}}`, resp.Body)
	assertSecurityHeaders(t, resp)
}

func TestErrorWithoutRequestIDKeepsShape(t *testing.T) {
	resp := Error(http.StatusBadRequest, CodeBadRequest, "Bad.")

	assert.JSONEq(t, `{"error": {"code": "bad_request", "message": "Bad."}}`, resp.Body)
}

func TestNoContent(t *testing.T) {
	resp := NoContent()

	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Empty(t, resp.Body)
	assertSecurityHeaders(t, resp)
}

func TestClientError(t *testing.T) {
	tests := []struct {
		name       string
		err        *ClientError
		wantStatus int
		wantCode   string
	}{
		{name: "bad request", err: BadRequest("The field %q is wrong.", "size"), wantStatus: 400, wantCode: CodeBadRequest},
		{name: "not found", err: NotFoundError(), wantStatus: 404, wantCode: CodeNotFound},
		{name: "forbidden", err: ForbiddenError(), wantStatus: 403, wantCode: CodeForbidden},
		{name: "custom", err: NewClientError(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "Over %d bytes.", 10), wantStatus: 413, wantCode: CodePayloadTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wrapped := fmt.Errorf("decoding request: %w", tt.err)

			var clientErr *ClientError
			require.True(t, errors.As(wrapped, &clientErr))
			resp := clientErr.Response("req-2")

			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			var body ErrorBody
			require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
			assert.Equal(t, tt.wantCode, body.Error.Code)
			assert.Equal(t, tt.err.Message, body.Error.Message)
			assert.Equal(t, "req-2", body.Error.RequestID)
			assert.Contains(t, tt.err.Error(), tt.wantCode)
		})
	}
}
