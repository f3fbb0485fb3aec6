// Package httpapi builds the JSON responses that the Lambda functions return to an API Gateway REST API
// through the proxy integration.
//
// Every response carries the security headers of SecurityHeaders. An error body has the shape
// {"error": {"code": "...", "message": "...", "requestId": "..."}}, with a stable code that clients branch on,
// a message meant for people and, when known, the API Gateway request id that support can look up in the logs.
package httpapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
)

// Error codes of the error body. Clients branch on the code, never on the message.
const (
	CodeBadRequest           = "bad_request"
	CodeUnauthorized         = "unauthorized"
	CodeForbidden            = "forbidden"
	CodeNotFound             = "not_found"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodePayloadTooLarge      = "payload_too_large"
	CodeUnsupportedMediaType = "unsupported_media_type"
	CodeInternal             = "internal_error"
	CodeUnavailable          = "service_unavailable"
)

// ContentTypeJSON is the Content-Type of every response body.
const ContentTypeJSON = "application/json; charset=utf-8"

// securityHeaders are the headers that the OWASP REST Security Cheat Sheet lists for all API responses, plus
// Referrer-Policy. HSTS has a max-age of one year.
var securityHeaders = map[string]string{
	"Content-Type":              ContentTypeJSON,
	"Cache-Control":             "no-store",
	"X-Content-Type-Options":    "nosniff",
	"Strict-Transport-Security": "max-age=31536000; includeSubDomains",
	"Content-Security-Policy":   "default-src 'none'; frame-ancestors 'none'",
	"X-Frame-Options":           "DENY",
	"Referrer-Policy":           "no-referrer",
}

// SecurityHeaders returns a new copy of the headers set on every response, which the caller may modify.
func SecurityHeaders() map[string]string {
	return maps.Clone(securityHeaders)
}

// ErrorBody is the JSON body of an error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the error object inside ErrorBody.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// RequestID is the API Gateway request id (requestContext.requestId), omitted when unknown.
	RequestID string `json:"requestId,omitempty"`
}

// JSON returns a response with status and body encoded as JSON.
//
// When body cannot be encoded, JSON returns the response of InternalError together with the encoding error, so
// the caller can log the error and still return a response that leaks nothing.
func JSON(status int, body any) (events.APIGatewayProxyResponse, error) {
	encoded, err := json.Marshal(body)
	if err != nil {
		return InternalError(), fmt.Errorf("encoding response body of type %T: %w", body, err)
	}
	return response(status, encoded), nil
}

// Error returns an error response with status, a code from the Code constants and a message for the client.
// The message must not contain internal details such as error strings, ARNs or stack traces, because the
// client sees it as it is.
func Error(status int, code, message string) events.APIGatewayProxyResponse {
	return ErrorWithRequestID(status, code, message, "")
}

// ErrorWithRequestID returns the response of Error with requestID in the body, so that a client can quote it
// when it reports a problem.
func ErrorWithRequestID(status int, code, message, requestID string) events.APIGatewayProxyResponse {
	// json.Marshal encodes a struct of strings without error.
	encoded, _ := json.Marshal(ErrorBody{Error: ErrorDetail{Code: code, Message: message, RequestID: requestID}})
	return response(status, encoded)
}

// NoContent returns a 204 response without a body.
func NoContent() events.APIGatewayProxyResponse {
	return response(http.StatusNoContent, nil)
}

// Unauthorized returns a 401 response for a request without an authenticated caller.
func Unauthorized() events.APIGatewayProxyResponse {
	return Error(http.StatusUnauthorized, CodeUnauthorized, "The request has no authenticated caller.")
}

// Forbidden returns a 403 response for a caller who lacks the permission for the request.
func Forbidden() events.APIGatewayProxyResponse {
	return Error(http.StatusForbidden, CodeForbidden, "The caller is not allowed to perform this request.")
}

// InternalError returns a 500 response with a fixed message, so that no internal detail reaches the client.
func InternalError() events.APIGatewayProxyResponse {
	return Error(http.StatusInternalServerError, CodeInternal, "The request failed because of an internal error.")
}

func response(status int, body []byte) events.APIGatewayProxyResponse {
	return events.APIGatewayProxyResponse{
		StatusCode: status,
		Headers:    SecurityHeaders(),
		Body:       string(body),
	}
}
