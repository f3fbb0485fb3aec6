package request

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func BenchmarkDecodeJSON(b *testing.B) {
	req := events.APIGatewayProxyRequest{
		Headers: map[string]string{"content-type": "application/json"},
		Body:    `{"name": "annual report 2026.pdf", "size": 48213}`,
	}
	b.ReportAllocs()
	for b.Loop() {
		var decoded uploadRequest
		if err := DecodeJSON(req, 0, &decoded); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHeader(b *testing.B) {
	req := events.APIGatewayProxyRequest{
		Headers:           map[string]string{"Accept": "application/json", "content-type": "application/json", "User-Agent": "curl/8.5.0"},
		MultiValueHeaders: map[string][]string{"Accept": {"application/json"}, "content-type": {"application/json"}, "User-Agent": {"curl/8.5.0"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if Header(req, "Content-Type") == "" {
			b.Fatal("header not found")
		}
	}
}
