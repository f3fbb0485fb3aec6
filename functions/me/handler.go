package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/secureserverless/framework/functions/internal/authz"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
)

// meResponse is the body of a successful GET /me.
type meResponse struct {
	Sub      string   `json:"sub"`
	Username string   `json:"username"`
	Groups   []string `json:"groups"`
}

// handlerFunc is the signature that lambda.Start accepts for a REST API proxy integration.
type handlerFunc func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// newHandler returns the GET /me handler. It writes exactly one log line per request with the request id,
// the caller's subject when known and the response status, and never the request headers.
//
// The handler always returns a nil error, because an error returned to API Gateway becomes a 502 without the
// security headers. Failures become a JSON error response instead.
func newHandler(logger *slog.Logger) handlerFunc {
	return func(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		logger := logging.ForInvocation(ctx, logger)

		caller, err := authz.CallerFromRequest(req)
		if errors.Is(err, authz.ErrNoCaller) {
			// API Gateway rejects a request without a valid token before the function runs, so missing claims
			// mean that the method was deployed without the Cognito authorizer.
			resp := httpapi.Unauthorized()
			logger.Error("request without authorizer claims",
				logging.KeyStatus, resp.StatusCode, logging.KeyError, err.Error())
			return resp, nil
		}
		if err != nil {
			resp := httpapi.InternalError()
			logger.Error("reading authorizer claims failed",
				logging.KeyStatus, resp.StatusCode, logging.KeyError, err.Error())
			return resp, nil
		}

		body := meResponse{
			Sub:      caller.Subject,
			Username: caller.Username,
			Groups:   caller.Groups,
		}
		if body.Groups == nil {
			body.Groups = []string{}
		}

		resp, err := httpapi.JSON(http.StatusOK, body)
		if err != nil {
			logger.Error("encoding response failed",
				logging.KeySubject, caller.Subject, logging.KeyStatus, resp.StatusCode, logging.KeyError, err.Error())
			return resp, nil
		}

		logger.Info("request handled", logging.KeySubject, caller.Subject, logging.KeyStatus, resp.StatusCode)
		return resp, nil
	}
}
