package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestHandleReturnsTheCallersClaims(t *testing.T) {
	req := events.APIGatewayProxyRequest{}
	req.RequestContext.Authorizer = map[string]any{
		"claims": map[string]any{"sub": "0f1e2d3c", "cognito:groups": "admin,user"},
	}
	resp, err := handle(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var got reply
	if err := json.Unmarshal([]byte(resp.Body), &got); err != nil {
		t.Fatalf("body %q: %v", resp.Body, err)
	}
	if resp.StatusCode != 200 || got.Subject != "0f1e2d3c" || got.Groups != "admin,user" {
		t.Fatalf("got %d %+v, want 200 with the caller's subject and groups", resp.StatusCode, got)
	}
}

func TestHandleRefusesARequestWithoutClaims(t *testing.T) {
	resp, err := handle(context.Background(), events.APIGatewayProxyRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 401 {
		t.Fatalf("status %d, want 401", resp.StatusCode)
	}
}
