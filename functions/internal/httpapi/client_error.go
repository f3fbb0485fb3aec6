package httpapi

import (
	"fmt"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
)

// ClientError is an error caused by the request, which the client may see as it is. Status is a 4xx code and
// Code one of the Code constants or a code of the handler's own. Message is a sentence that names the bad value
// and how to fix it. Handlers return a ClientError and the code that builds the response turns it into
// an error response.
type ClientError struct {
	Status  int
	Code    string
	Message string
}

// Error returns the message with the status and code, for logs.
func (e *ClientError) Error() string {
	return fmt.Sprintf("%s (%d %s)", e.Message, e.Status, e.Code)
}

// NewClientError returns a ClientError with status, code and a message built from format and args.
func NewClientError(status int, code, format string, args ...any) *ClientError {
	return &ClientError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadRequest returns a 400 ClientError with the code CodeBadRequest.
func BadRequest(format string, args ...any) *ClientError {
	return NewClientError(http.StatusBadRequest, CodeBadRequest, format, args...)
}

// NotFoundError returns a 404 ClientError with the code CodeNotFound and a fixed message, so that the response
// does not tell which part of the request named nothing.
func NotFoundError() *ClientError {
	return NewClientError(http.StatusNotFound, CodeNotFound, "The requested resource does not exist.")
}

// ForbiddenError returns a 403 ClientError with the code CodeForbidden and the message of Forbidden.
func ForbiddenError() *ClientError {
	return NewClientError(http.StatusForbidden, CodeForbidden, "The caller is not allowed to perform this request.")
}

// Response returns the error response for e with requestID in the body.
func (e *ClientError) Response(requestID string) events.APIGatewayProxyResponse {
	return ErrorWithRequestID(e.Status, e.Code, e.Message, requestID)
}
