package fileapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/secureserverless/framework/functions/internal/authz"
	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/httpapi"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/request"
)

// call is one request to an operation, with the verified caller and a logger that carries the request ids.
type call struct {
	req    events.APIGatewayProxyRequest
	caller authz.Caller
	logger *slog.Logger
}

// result is the successful result of an operation: a status and a body encoded as JSON, or no body when body
// is nil.
type result struct {
	status int
	body   any
}

// operation serves one route.
type operation func(ctx context.Context, c *call) (result, error)

// routeKey identifies a route by method and resource path.
type routeKey struct {
	method   string
	resource string
}

// outcome is the response to a request and the content of its log line.
type outcome struct {
	resp    events.APIGatewayProxyResponse
	level   slog.Level
	message string
	// err is the error to log, if any.
	err error
	// subject is the caller's subject, or "" before the caller is known.
	subject string
}

// serve returns the handler that dispatches each request to the operation of its route.
//
// The handler reads the caller from the authorizer claims, runs the operation, turns its error into a JSON
// error response with the request id, and writes one log line per request. It always returns a nil error,
// because API Gateway turns a returned error into a 502 without the security headers.
func serve(logger *slog.Logger, operations map[routeKey]operation) Handler {
	return func(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		start := time.Now()
		requestLogger := logging.ForInvocation(ctx, logger).With(
			logging.KeyAPIRequestID, req.RequestContext.RequestID,
			logging.KeyRoute, req.HTTPMethod+" "+req.Resource,
		)

		out := dispatch(ctx, req, requestLogger, operations)

		attrs := []any{logging.KeyStatus, out.resp.StatusCode, logging.KeyDurationMS, time.Since(start).Milliseconds()}
		if out.subject != "" {
			attrs = append(attrs, logging.KeySubject, out.subject)
		}
		if out.err != nil {
			attrs = append(attrs, logging.KeyError, out.err.Error())
			if service, op := awsclient.Operation(out.err); service != "" {
				attrs = append(attrs, "awsService", service, "awsOperation", op)
			}
		}
		requestLogger.Log(ctx, out.level, out.message, attrs...)
		return out.resp, nil
	}
}

// dispatch runs the operation of req.
func dispatch(ctx context.Context, req events.APIGatewayProxyRequest, logger *slog.Logger,
	operations map[routeKey]operation) outcome {
	requestID := req.RequestContext.RequestID

	caller, err := authz.CallerFromRequest(req)
	if errors.Is(err, authz.ErrNoCaller) {
		// API Gateway rejects a request without a valid token before the function runs, so missing claims mean
		// that the method was deployed without the Cognito authorizer.
		resp := httpapi.ErrorWithRequestID(http.StatusUnauthorized, httpapi.CodeUnauthorized,
			"The request has no authenticated caller.", requestID)
		return outcome{resp: resp, level: slog.LevelError, message: "request without authorizer claims", err: err}
	}
	if err != nil {
		return outcome{resp: internalError(requestID), level: slog.LevelError, message: "reading authorizer claims failed", err: err}
	}

	op, ok := operations[routeKey{method: req.HTTPMethod, resource: req.Resource}]
	if !ok {
		resp := httpapi.ErrorWithRequestID(http.StatusNotFound, httpapi.CodeNotFound,
			"The requested resource does not exist.", requestID)
		return outcome{resp: resp, level: slog.LevelError, message: "no operation for route", subject: caller.Subject}
	}

	c := &call{req: req, caller: caller, logger: logger.With(logging.KeySubject, caller.Subject)}
	res, err := op(ctx, c)

	out := outcome{level: slog.LevelInfo, message: "request handled", err: err, subject: caller.Subject}
	var clientErr *httpapi.ClientError
	switch {
	case err == nil:
		out.resp, out.err = respond(res)
		if out.err != nil {
			out.resp, out.level, out.message = internalError(requestID), slog.LevelError, "encoding response failed"
		}
	case errors.As(err, &clientErr):
		out.resp, out.level, out.message = clientErr.Response(requestID), slog.LevelWarn, "request rejected"
	case awsclient.IsTimeout(err):
		out.resp = httpapi.ErrorWithRequestID(http.StatusServiceUnavailable, httpapi.CodeUnavailable,
			"The storage service did not answer in time; try again.", requestID)
		out.level, out.message = slog.LevelError, "aws call timed out: check the VPC endpoint of the service"
	default:
		out.resp, out.level, out.message = internalError(requestID), slog.LevelError, "request failed"
	}
	return out
}

// respond encodes a successful result.
func respond(res result) (events.APIGatewayProxyResponse, error) {
	if res.body == nil {
		resp := httpapi.NoContent()
		resp.StatusCode = res.status
		return resp, nil
	}
	return httpapi.JSON(res.status, res.body)
}

func internalError(requestID string) events.APIGatewayProxyResponse {
	return httpapi.ErrorWithRequestID(http.StatusInternalServerError, httpapi.CodeInternal,
		"The request failed because of an internal error.", requestID)
}

// isAdmin reports whether the caller is in the admin group.
func (c *call) isAdmin(adminGroup string) bool {
	return adminGroup != "" && c.caller.InGroup(adminGroup)
}

// requireAdmin returns a 403 ClientError unless the caller is an admin.
func (c *call) requireAdmin(adminGroup string) error {
	if !c.isAdmin(adminGroup) {
		return httpapi.ForbiddenError()
	}
	return nil
}

// query returns the query parameter name, or "" when it is absent.
func (c *call) query(name string) (string, error) {
	value, _, err := request.QueryParameter(c.req, name)
	return value, err
}
