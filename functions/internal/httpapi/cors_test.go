package httpapi

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func okHandler(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return NoContent(), nil
}

func TestWithCORS(t *testing.T) {
	origins := []string{"https://app.example.com", "https://admin.example.com"}
	handler := WithCORS(okHandler, origins)

	cases := []struct {
		name    string
		headers map[string]string
		want    string
	}{
		{"first origin", map[string]string{"Origin": "https://app.example.com"}, "https://app.example.com"},
		{"second origin, header case as sent", map[string]string{"origin": "https://admin.example.com"}, "https://admin.example.com"},
		{"origin outside the list", map[string]string{"Origin": "https://evil.example.com"}, ""},
		{"origin that only starts like an allowed one", map[string]string{"Origin": "https://app.example.com.evil.net"}, ""},
		{"no origin", nil, ""},
	}
	t.Run("two Origin values", func(t *testing.T) {
		resp, err := handler(context.Background(), events.APIGatewayProxyRequest{
			MultiValueHeaders: map[string][]string{"Origin": {"https://app.example.com", "https://evil.example.com"}},
		})
		require.NoError(t, err)
		assert.NotContains(t, resp.Headers, "Access-Control-Allow-Origin")
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := handler(context.Background(), events.APIGatewayProxyRequest{Headers: tc.headers})
			require.NoError(t, err)
			assert.Equal(t, tc.want, resp.Headers["Access-Control-Allow-Origin"])
			assert.Equal(t, "Origin", resp.Headers["Vary"])
			assert.Equal(t, "nosniff", resp.Headers["X-Content-Type-Options"], "security headers stay")
		})
	}
}

func TestWithCORSWithoutOriginsReturnsTheHandler(t *testing.T) {
	resp, err := WithCORS(okHandler, nil)(context.Background(), events.APIGatewayProxyRequest{
		Headers: map[string]string{"Origin": "https://app.example.com"},
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.NotContains(t, resp.Headers, "Access-Control-Allow-Origin")
}

func TestWithCORSPassesErrorsThrough(t *testing.T) {
	failure := errors.New("boom")
	_, err := WithCORS(func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return events.APIGatewayProxyResponse{}, failure
	}, []string{"https://app.example.com"})(context.Background(), events.APIGatewayProxyRequest{})
	assert.ErrorIs(t, err, failure)
}
