package request

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/httpapi"
)

type uploadRequest struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// requireClientError requires err to be a ClientError and returns it.
func requireClientError(t *testing.T, err error) *httpapi.ClientError {
	t.Helper()

	var clientErr *httpapi.ClientError
	require.True(t, errors.As(err, &clientErr), "error %v is not a ClientError", err)
	return clientErr
}

func jsonRequest(body string) events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{
		Headers: map[string]string{"content-type": "application/json"},
		Body:    body,
	}
}

func TestHeaderIgnoresCase(t *testing.T) {
	tests := []struct {
		name   string
		req    events.APIGatewayProxyRequest
		header string
		want   string
	}{
		{
			name:   "exact case",
			req:    events.APIGatewayProxyRequest{Headers: map[string]string{"Content-Type": "application/json"}},
			header: "Content-Type",
			want:   "application/json",
		},
		{
			name:   "lower case as sent",
			req:    events.APIGatewayProxyRequest{Headers: map[string]string{"content-type": "text/plain"}},
			header: "Content-Type",
			want:   "text/plain",
		},
		{
			name:   "upper case as sent",
			req:    events.APIGatewayProxyRequest{Headers: map[string]string{"CONTENT-TYPE": "text/csv"}},
			header: "content-type",
			want:   "text/csv",
		},
		{
			name: "multi-value header merged",
			req: events.APIGatewayProxyRequest{
				Headers:           map[string]string{"Accept": "text/plain"},
				MultiValueHeaders: map[string][]string{"Accept": {"application/json", "text/plain"}},
			},
			header: "accept",
			want:   "application/json, text/plain",
		},
		{
			name: "names differing in case merged in sorted order",
			req: events.APIGatewayProxyRequest{
				MultiValueHeaders: map[string][]string{"x-trace": {"b"}, "X-Trace": {"a"}},
			},
			header: "X-TRACE",
			want:   "a, b",
		},
		{
			name:   "absent",
			req:    events.APIGatewayProxyRequest{Headers: map[string]string{"Accept": "text/plain"}},
			header: "Content-Type",
			want:   "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Header(tt.req, tt.header))
		})
	}
}

func TestQueryParameter(t *testing.T) {
	tests := []struct {
		name    string
		req     events.APIGatewayProxyRequest
		want    string
		wantOK  bool
		wantErr bool
	}{
		{name: "absent", req: events.APIGatewayProxyRequest{}, want: "", wantOK: false},
		{
			name:   "single value",
			req:    events.APIGatewayProxyRequest{QueryStringParameters: map[string]string{"owner": "a"}},
			want:   "a",
			wantOK: true,
		},
		{
			name: "repeated with the same value",
			req: events.APIGatewayProxyRequest{
				QueryStringParameters:           map[string]string{"owner": "a"},
				MultiValueQueryStringParameters: map[string][]string{"owner": {"a", "a"}},
			},
			want:   "a",
			wantOK: true,
		},
		{
			name: "repeated with different values",
			req: events.APIGatewayProxyRequest{
				QueryStringParameters:           map[string]string{"owner": "b"},
				MultiValueQueryStringParameters: map[string][]string{"owner": {"a", "b"}},
			},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := QueryParameter(tt.req, "owner")

			if tt.wantErr {
				clientErr := requireClientError(t, err)
				assert.Equal(t, http.StatusBadRequest, clientErr.Status)
				assert.Contains(t, clientErr.Message, `"owner"`)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantOK, ok)
		})
	}
}

func TestBody(t *testing.T) {
	tests := []struct {
		name       string
		req        events.APIGatewayProxyRequest
		want       string
		wantStatus int
	}{
		{name: "plain", req: events.APIGatewayProxyRequest{Body: "hello"}, want: "hello"},
		{
			name: "base64",
			req:  events.APIGatewayProxyRequest{Body: base64.StdEncoding.EncodeToString([]byte("héllo")), IsBase64Encoded: true},
			want: "héllo",
		},
		{name: "plain at the limit", req: events.APIGatewayProxyRequest{Body: strings.Repeat("a", 16)}, want: strings.Repeat("a", 16)},
		{name: "plain over the limit", req: events.APIGatewayProxyRequest{Body: strings.Repeat("a", 17)}, wantStatus: http.StatusRequestEntityTooLarge},
		{
			name:       "base64 over the limit",
			req:        events.APIGatewayProxyRequest{Body: base64.StdEncoding.EncodeToString([]byte(strings.Repeat("a", 17))), IsBase64Encoded: true},
			wantStatus: http.StatusRequestEntityTooLarge,
		},
		{
			name:       "base64 far over the limit",
			req:        events.APIGatewayProxyRequest{Body: strings.Repeat("QUFB", 1000), IsBase64Encoded: true},
			wantStatus: http.StatusRequestEntityTooLarge,
		},
		{
			name:       "invalid base64",
			req:        events.APIGatewayProxyRequest{Body: "not base64!", IsBase64Encoded: true},
			wantStatus: http.StatusBadRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Body(tt.req, 16)

			if tt.wantStatus != 0 {
				clientErr := requireClientError(t, err)
				assert.Equal(t, tt.wantStatus, clientErr.Status)
				if tt.wantStatus == http.StatusRequestEntityTooLarge {
					assert.Equal(t, httpapi.CodePayloadTooLarge, clientErr.Code)
					assert.Contains(t, clientErr.Message, "16 bytes")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	var decoded uploadRequest
	req := jsonRequest(`{"name": "report.pdf", "size": 42}`)

	err := DecodeJSON(req, 0, &decoded)

	require.NoError(t, err)
	assert.Equal(t, uploadRequest{Name: "report.pdf", Size: 42}, decoded)
}

func TestDecodeJSONBase64Body(t *testing.T) {
	var decoded uploadRequest
	req := jsonRequest(base64.StdEncoding.EncodeToString([]byte(`{"name": "b.txt", "size": 1}`)))
	req.IsBase64Encoded = true

	err := DecodeJSON(req, 0, &decoded)

	require.NoError(t, err)
	assert.Equal(t, "b.txt", decoded.Name)
}

func TestDecodeJSONRejects(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		maxBytes    int64
		wantStatus  int
		wantMessage string
	}{
		{name: "unknown field", body: `{"name": "a", "owner": "someone-else"}`, wantStatus: 400, wantMessage: `"owner" is not accepted`},
		{name: "duplicate field", body: `{"name": "a", "name": "b"}`, wantStatus: 400, wantMessage: `"name" occurs more than once`},
		{name: "duplicate field in nested object", body: `{"name": "a", "size": 1, "x": {"k": 1, "k": 2}}`, wantStatus: 400, wantMessage: `"k" occurs more than once`},
		{name: "trailing data", body: `{"name": "a"} {"name": "b"}`, wantStatus: 400, wantMessage: "data after the JSON object"},
		{name: "syntax error", body: `{"name": "a",}`, wantStatus: 400, wantMessage: "not valid JSON at byte"},
		{name: "wrong type", body: `{"size": "big"}`, wantStatus: 400, wantMessage: `"size" must be a JSON number`},
		{name: "truncated", body: `{"name": "a"`, wantStatus: 400, wantMessage: "ends in the middle"},
		{name: "empty body", body: ``, wantStatus: 400, wantMessage: "empty"},
		{name: "array instead of object", body: `[1]`, wantStatus: 400, wantMessage: "must be a JSON object"},
		{name: "over the limit", body: `{"name": "` + strings.Repeat("a", 64) + `"}`, maxBytes: 32, wantStatus: 413, wantMessage: "limit of 32 bytes"},
		{name: "form content type", contentType: "application/x-www-form-urlencoded", body: `name=a`, wantStatus: 415, wantMessage: "application/json"},
		{name: "missing content type", contentType: "-", body: `{"name": "a"}`, wantStatus: 415, wantMessage: "application/json"},
		{name: "other charset", contentType: "application/json; charset=latin1", body: `{"name": "a"}`, wantStatus: 415, wantMessage: "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := jsonRequest(tt.body)
			switch tt.contentType {
			case "":
			case "-":
				req.Headers = nil
			default:
				req.Headers = map[string]string{"Content-Type": tt.contentType}
			}
			var decoded uploadRequest

			err := DecodeJSON(req, tt.maxBytes, &decoded)

			clientErr := requireClientError(t, err)
			assert.Equal(t, tt.wantStatus, clientErr.Status)
			assert.Contains(t, clientErr.Message, tt.wantMessage)
		})
	}
}

func TestDecodeJSONAcceptsCharsetUTF8(t *testing.T) {
	req := jsonRequest(`{"name": "a"}`)
	req.Headers = map[string]string{"CONTENT-TYPE": "application/json; charset=UTF-8"}
	var decoded uploadRequest

	require.NoError(t, DecodeJSON(req, 0, &decoded))
	assert.Equal(t, "a", decoded.Name)
}

func FuzzDecodeJSON(f *testing.F) {
	seeds := []string{
		`{"name": "a.txt", "size": 3}`,
		`{"name": "a", "name": "b"}`,
		`{"x": [1, {"y": 2, "y": 3}]}`,
		`[]`,
		`{"name": "\u0000"}`,
		`{"size": 1e400}`,
		`{`,
		``,
	}
	for _, seed := range seeds {
		f.Add(seed, false)
		f.Add(base64.StdEncoding.EncodeToString([]byte(seed)), true)
	}

	f.Fuzz(func(t *testing.T, body string, isBase64 bool) {
		req := jsonRequest(body)
		req.IsBase64Encoded = isBase64
		var decoded uploadRequest

		err := DecodeJSON(req, 256, &decoded)

		if err != nil {
			clientErr := requireClientError(t, err)
			assert.GreaterOrEqual(t, clientErr.Status, 400)
			assert.Less(t, clientErr.Status, 500)
		}
	})
}
