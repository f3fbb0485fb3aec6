package devapi

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/google/uuid"

	"github.com/secureserverless/framework/functions/internal/fileapi"
)

// Limits that API Gateway applies to a REST API and the local API copies.
const (
	// MaxBodyBytes is API Gateway's payload limit of 10 MB.
	MaxBodyBytes = 10 << 20
	// IntegrationTimeout is API Gateway's default integration timeout of 29 s, which the local API gives the
	// handler as the Lambda deadline.
	IntegrationTimeout = 29 * time.Second
)

// Route is a route of the local API and the handler that serves it.
type Route struct {
	Method   string
	Resource string
	Handler  fileapi.Handler
}

// TokenVerifier verifies the token of an Authorization header. *Verifier implements it.
type TokenVerifier interface {
	Verify(ctx context.Context, authorization string) (map[string]any, error)
}

// verifierAdapter turns the jwt.MapClaims of Verifier into a plain map.
type verifierAdapter struct{ verifier *Verifier }

func (a verifierAdapter) Verify(ctx context.Context, authorization string) (map[string]any, error) {
	return a.verifier.Verify(ctx, authorization)
}

// AsTokenVerifier returns v as a TokenVerifier.
func AsTokenVerifier(v *Verifier) TokenVerifier {
	return verifierAdapter{verifier: v}
}

// Server is the local API. It is safe for concurrent use.
type Server struct {
	routes   []Route
	verifier TokenVerifier
	logger   *slog.Logger
	now      func() time.Time
}

// NewServer returns a Server for routes that verifies tokens with verifier. A nil logger discards the request
// lines.
func NewServer(routes []Route, verifier TokenVerifier, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Server{routes: routes, verifier: verifier, logger: logger, now: time.Now}
}

// gatewayMessage is the body of the responses that API Gateway itself sends.
func writeGatewayError(w http.ResponseWriter, status int, message, requestID string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", requestID)
	w.Header().Set("x-amzn-ErrorType", gatewayErrorType(status))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"message":"`+message+`"}`)
}

func gatewayErrorType(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "UnauthorizedException"
	case http.StatusForbidden:
		return "MissingAuthenticationTokenException"
	case http.StatusRequestEntityTooLarge:
		return "RequestTooLargeException"
	default:
		return "InternalServerErrorException"
	}
}

// ServeHTTP matches the route, verifies the token, builds the event, calls the handler and writes its
// response. Unknown routes get 403 "Missing Authentication Token" and bad tokens 401, as from API Gateway.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	requestID := uuid.NewString()
	logger := s.logger.With("apiRequestId", requestID, "method", r.Method)
	status, reason := s.serve(w, r, requestID, start)

	attrs := []any{"status", status, "durationMs", time.Since(start).Milliseconds()}
	if reason != "" {
		attrs = append(attrs, "reason", reason)
	}
	logger.Info("local API request", attrs...)
}

// serve handles one request and returns the status and, for a request the gateway rejected, the reason.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, requestID string, start time.Time) (int, string) {
	route, pathParameters, ok := s.match(r)
	if !ok {
		writeGatewayError(w, http.StatusForbidden, "Missing Authentication Token", requestID)
		return http.StatusForbidden, "no route"
	}

	claims, err := s.verifier.Verify(r.Context(), r.Header.Get("Authorization"))
	if err != nil {
		message := "Unauthorized"
		if errors.Is(err, ErrTokenExpired) {
			message = "The incoming token has expired"
		}
		writeGatewayError(w, http.StatusUnauthorized, message, requestID)
		return http.StatusUnauthorized, err.Error()
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		writeGatewayError(w, http.StatusBadRequest, "Bad Request", requestID)
		return http.StatusBadRequest, "reading body: " + err.Error()
	}
	if len(body) > MaxBodyBytes {
		writeGatewayError(w, http.StatusRequestEntityTooLarge, "Request Too Long", requestID)
		return http.StatusRequestEntityTooLarge, "body over 10 MB"
	}

	event := BuildEvent(r, EventInput{
		Route:          route,
		PathParameters: pathParameters,
		Claims:         AuthorizerClaims(claims),
		Body:           body,
		RequestID:      requestID,
		Now:            start,
	})
	ctx, cancel := context.WithTimeout(r.Context(), IntegrationTimeout)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: uuid.NewString()})

	resp, err := route.Handler(ctx, event)
	if err != nil {
		writeGatewayError(w, http.StatusBadGateway, "Internal server error", requestID)
		return http.StatusBadGateway, "handler returned an error: " + err.Error()
	}
	writeProxyResponse(w, resp, requestID)
	return resp.StatusCode, ""
}

// writeProxyResponse writes a proxy integration response as API Gateway does.
func writeProxyResponse(w http.ResponseWriter, resp events.APIGatewayProxyResponse, requestID string) {
	for name, value := range resp.Headers {
		w.Header().Set(name, value)
	}
	for name, values := range resp.MultiValueHeaders {
		w.Header()[http.CanonicalHeaderKey(name)] = values
	}
	w.Header().Set("x-amzn-RequestId", requestID)

	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		decoded, err := base64.StdEncoding.DecodeString(resp.Body)
		if err != nil {
			writeGatewayError(w, http.StatusBadGateway, "Internal server error", requestID)
			return
		}
		body = decoded
	}
	status := resp.StatusCode
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// match finds the route of r. Path segments are split before they are decoded, so an encoded "/" (%2F) stays
// inside its path parameter as in API Gateway.
func (s *Server) match(r *http.Request) (Route, map[string]string, bool) {
	segments := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	for _, route := range s.routes {
		if route.Method != r.Method {
			continue
		}
		parameters, ok := matchResource(route.Resource, segments)
		if ok {
			return route, parameters, true
		}
	}
	return Route{}, nil, false
}

func matchResource(resource string, segments []string) (map[string]string, bool) {
	pattern := strings.Split(strings.Trim(resource, "/"), "/")
	if len(pattern) != len(segments) {
		return nil, false
	}
	parameters := map[string]string{}
	for i, part := range pattern {
		decoded, err := url.PathUnescape(segments[i])
		if err != nil {
			return nil, false
		}
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			if decoded == "" {
				return nil, false
			}
			parameters[part[1:len(part)-1]] = decoded
			continue
		}
		if decoded != part {
			return nil, false
		}
	}
	return parameters, true
}
