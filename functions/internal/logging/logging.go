// Package logging builds the structured logger of the Lambda functions: slog JSON lines on stdout with fixed
// camelCase keys, which CloudWatch Logs Insights can query by field.
package logging

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Keys of the log lines. KeyTimestamp, KeyLevel, KeyMessage and KeyRequestID are the keys of Lambda's JSON
// log format for application logs, which lambdacontext.NewLogHandler of aws-lambda-go v1.55.1 also writes.
const (
	KeyTimestamp    = "timestamp"
	KeyLevel        = "level"
	KeyMessage      = "message"
	KeyRequestID    = "requestId"
	KeyFunctionName = "functionName"
	KeySubject      = "sub"
	KeyStatus       = "status"
	KeyError        = "error"
	// KeyAPIRequestID is the API Gateway request id (requestContext.requestId), which error responses return
	// to the client.
	KeyAPIRequestID = "apiRequestId"
	// KeyRoute is the method and resource path of a REST API request, such as "GET /files/{id}".
	KeyRoute = "route"
	// KeyFileID is the id of the file a request or event is about.
	KeyFileID = "fileId"
	// KeyOwner is the subject of the user whose files a request or event is about, when it is not the caller.
	KeyOwner = "owner"
	// KeyAudit marks a line that records a security-relevant action, such as an erasure, for audits.
	KeyAudit = "audit"
	// KeyDurationMS is the time a request or event took, in milliseconds.
	KeyDurationMS = "durationMs"
)

// RedactedValue replaces the value of an attribute whose key names a credential, the request headers or a
// presigned URL.
const RedactedValue = "[REDACTED]"

// redactedKeys are attribute keys, in lower case, whose values are replaced by RedactedValue at any depth.
var redactedKeys = map[string]bool{
	"authorization":     true,
	"cookie":            true,
	"set-cookie":        true,
	"headers":           true,
	"multivalueheaders": true,
	"token":             true,
	"idtoken":           true,
	"accesstoken":       true,
	"refreshtoken":      true,
	"password":          true,
	"secret":            true,
	// A presigned URL or the form fields of a presigned POST grant access to a file until they expire.
	"url":                  true,
	"presignedurl":         true,
	"fields":               true,
	"x-amz-signature":      true,
	"x-amz-security-token": true,
}

// LevelEnvironmentVariable is the environment variable in which Lambda passes the application log level
// configured for the function: TRACE, DEBUG, INFO, WARN, ERROR or FATAL.
const LevelEnvironmentVariable = "AWS_LAMBDA_LOG_LEVEL"

// New returns a logger that writes one JSON object per line to w, at level and above.
//
// The value of an attribute or group whose key is a credential or header name, such as "authorization",
// "headers" or "token" in any case, is replaced by RedactedValue.
//
// NOTE: redaction goes by key only, so a token inside another value, such as an error message, is written as
// it is. Never pass request headers or tokens as values.
func New(w io.Writer, level slog.Leveler) *slog.Logger {
	options := &slog.HandlerOptions{
		Level:       level,
		ReplaceAttr: replaceAttr,
	}
	return slog.New(slog.NewJSONHandler(w, options))
}

// NewFromEnvironment returns a logger that writes to stdout at the level in AWS_LAMBDA_LOG_LEVEL, or at
// info when the variable is unset or invalid.
func NewFromEnvironment() *slog.Logger {
	return New(os.Stdout, ParseLevel(os.Getenv(LevelEnvironmentVariable)))
}

// ParseLevel returns the slog level for a Lambda log level name, case-insensitively. TRACE maps to debug and
// FATAL to error, because slog has no such levels. An empty or unknown name returns slog.LevelInfo.
func ParseLevel(name string) slog.Level {
	switch strings.ToUpper(strings.TrimSpace(name)) {
	case "TRACE", "DEBUG":
		return slog.LevelDebug
	case "WARN":
		return slog.LevelWarn
	case "ERROR", "FATAL":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}

// ForInvocation returns logger with the request id of the Lambda invocation in ctx and the function name
// attached. Without Lambda context in ctx, as in a unit test that does not set one, the request id is omitted.
func ForInvocation(ctx context.Context, logger *slog.Logger) *slog.Logger {
	var attrs []any
	if lc, ok := lambdacontext.FromContext(ctx); ok && lc.AwsRequestID != "" {
		attrs = append(attrs, slog.String(KeyRequestID, lc.AwsRequestID))
	}
	if lambdacontext.FunctionName != "" {
		attrs = append(attrs, slog.String(KeyFunctionName, lambdacontext.FunctionName))
	}
	return logger.With(attrs...)
}

// replaceAttr renames slog's built-in keys to the fixed keys and redacts credential attributes.
func replaceAttr(groups []string, attr slog.Attr) slog.Attr {
	if len(groups) == 0 {
		switch attr.Key {
		case slog.TimeKey:
			attr.Key = KeyTimestamp
			return attr
		case slog.LevelKey:
			attr.Key = KeyLevel
			return attr
		case slog.MessageKey:
			attr.Key = KeyMessage
			return attr
		}
	}

	if redactedKeys[strings.ToLower(attr.Key)] {
		return slog.String(attr.Key, RedactedValue)
	}
	// slog calls ReplaceAttr for the members of a group but not for the group itself, so a group named like a
	// credential is redacted member by member.
	for _, group := range groups {
		if redactedKeys[strings.ToLower(group)] {
			return slog.String(attr.Key, RedactedValue)
		}
	}
	return attr
}
