// Command hello is the example's Lambda handler: it answers GET /hello with the caller's subject and
// groups, which the API's Cognito authorizer put in the request context.
package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type reply struct {
	Subject string `json:"subject"`
	Groups  string `json:"groups"`
}

func handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	claims, _ := req.RequestContext.Authorizer["claims"].(map[string]any)
	subject, _ := claims["sub"].(string)
	groups, _ := claims["cognito:groups"].(string)
	if subject == "" {
		// The authorizer always passes a subject; a request without one did not come through it.
		slog.WarnContext(ctx, "request without authorizer claims", "requestId", req.RequestContext.RequestID)
		return respond(http.StatusUnauthorized, map[string]string{"message": "Unauthorized"})
	}
	slog.InfoContext(ctx, "hello", "requestId", req.RequestContext.RequestID, "sub", subject)
	return respond(http.StatusOK, reply{Subject: subject, Groups: groups})
}

func respond(status int, body any) (events.APIGatewayProxyResponse, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	return events.APIGatewayProxyResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store"},
		Body:       string(data),
	}, nil
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	lambda.Start(handle)
}
