package httpapi

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// EnvCORSAllowedOrigins names the environment variable with the origins, separated by commas, whose
// browsers may read the API's responses.
const EnvCORSAllowedOrigins = "CORS_ALLOWED_ORIGINS"

// ProxyHandler is the signature that lambda.Start accepts for a REST API proxy integration.
type ProxyHandler func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// WithCORS returns a handler whose responses allow the request's Origin when it is one of origins.
// API Gateway responds to preflight requests itself, and its own error responses carry the first origin
// only, because gateway responses take static values. The responses of a proxy integration come from
// the function, so this is where every allowed origin gets its header. An Origin outside the list gets
// no Access-Control-Allow-Origin, and the browser keeps the response from the page.
func WithCORS(next ProxyHandler, origins []string) ProxyHandler {
	if len(origins) == 0 {
		return next
	}
	return func(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		resp, err := next(ctx, req)
		if err != nil {
			return resp, err
		}
		if resp.Headers == nil {
			resp.Headers = map[string]string{}
		}
		// Caches must keep one copy per origin, whether or not this one is allowed.
		resp.Headers["Vary"] = "Origin"
		if origin := originOf(req); origin != "" && slices.Contains(origins, origin) {
			resp.Headers["Access-Control-Allow-Origin"] = origin
		}
		return resp, nil
	}
}

// originOf returns the request's Origin header, whatever case the client sent it in. A request with
// several Origin values has no single origin to allow, so it gets "".
func originOf(req events.APIGatewayProxyRequest) string {
	var found []string
	for name, values := range req.MultiValueHeaders {
		if strings.EqualFold(name, "Origin") {
			found = append(found, values...)
		}
	}
	if len(found) == 0 {
		for name, value := range req.Headers {
			if strings.EqualFold(name, "Origin") {
				found = append(found, value)
			}
		}
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}
