package authz

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func BenchmarkParseGroups(b *testing.B) {
	shapes := []struct {
		name  string
		value any
	}{
		{name: "comma separated", value: "admin,users,editors"},
		{name: "bracketed", value: "[admin users editors]"},
		{name: "JSON array string", value: `["admin","users","editors"]`},
		{name: "decoded array", value: []any{"admin", "users", "editors"}},
	}
	for _, shape := range shapes {
		b.Run(shape.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseGroups(shape.value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCallerFromRequest(b *testing.B) {
	req := events.APIGatewayProxyRequest{RequestContext: events.APIGatewayProxyRequestContext{
		Authorizer: map[string]any{"claims": map[string]any{
			"sub":              "7d1e6a52-1f0e-4a39-9b0e-2f4c8f6f9b11",
			"cognito:username": "alice",
			"cognito:groups":   "admin,users",
			"token_use":        "id",
			"email":            "alice@example.com",
		}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CallerFromRequest(req); err != nil {
			b.Fatal(err)
		}
	}
}
