package devapi

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Stage is the stage name of the local API in the events it builds.
const Stage = "local"

// localAccountID is the account id in the events: twelve zeros, which no AWS account has.
const localAccountID = "000000000000"

// claimTimeLayout is the time layout of the exp and iat claims that a REST API's Cognito authorizer passes,
// such as "Thu Jan 01 01:00:00 UTC 2026".
const claimTimeLayout = "Mon Jan 02 15:04:05 MST 2006"

// AuthorizerClaims converts verified token claims to the claims of a REST API proxy event, in which every value
// is a string. exp and iat become dates in claimTimeLayout and other numbers decimal strings. Booleans become
// "true" or "false", arrays such as cognito:groups comma-separated lists, and objects JSON text.
func AuthorizerClaims(claims map[string]any) map[string]any {
	converted := make(map[string]any, len(claims))
	for name, value := range claims {
		converted[name] = claimString(name, value)
	}
	return converted
}

func claimString(name string, value any) string {
	switch typed := value.(type) {
	case string:
		return typed
	case bool:
		return strconv.FormatBool(typed)
	case float64:
		if name == "exp" || name == "iat" {
			seconds, fraction := math.Modf(typed)
			return time.Unix(int64(seconds), int64(fraction*1e9)).UTC().Format(claimTimeLayout)
		}
		return strconv.FormatFloat(typed, 'f', -1, 64)
	case json.Number:
		return typed.String()
	case []any:
		parts := make([]string, 0, len(typed))
		for _, element := range typed {
			parts = append(parts, claimString("", element))
		}
		return strings.Join(parts, ",")
	case nil:
		return ""
	default:
		encoded, err := json.Marshal(typed)
		if err != nil {
			return ""
		}
		return string(encoded)
	}
}

// EventInput is the input of BuildEvent besides the HTTP request.
type EventInput struct {
	Route          Route
	PathParameters map[string]string
	// Claims are the verified claims, already converted with AuthorizerClaims.
	Claims    map[string]any
	Body      []byte
	RequestID string
	Now       time.Time
}

// BuildEvent builds the REST API proxy event for r as API Gateway does. Headers and query parameters appear
// both as single values (the last one) and as lists, and path parameters are decoded. The body is text, or
// base64 with IsBase64Encoded set when it is not UTF-8. The claims go under requestContext.authorizer.claims.
//
// NOTE: Go's HTTP server canonicalizes header names ("content-type" arrives as "Content-Type"), while API
// Gateway keeps the case the client sent, so the events carry only the canonical case.
func BuildEvent(r *http.Request, in EventInput) events.APIGatewayProxyRequest {
	headers, multiHeaders := requestHeaders(r)
	query, multiQuery := queryParameters(r)
	sourceIP := remoteIP(r)

	event := events.APIGatewayProxyRequest{
		Resource:                        in.Route.Resource,
		Path:                            r.URL.Path,
		HTTPMethod:                      r.Method,
		Headers:                         headers,
		MultiValueHeaders:               multiHeaders,
		QueryStringParameters:           query,
		MultiValueQueryStringParameters: multiQuery,
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID:        localAccountID,
			ResourceID:       "local",
			Stage:            Stage,
			DomainName:       r.Host,
			RequestID:        in.RequestID,
			Protocol:         r.Proto,
			Identity:         events.APIGatewayRequestIdentity{SourceIP: sourceIP, UserAgent: r.UserAgent()},
			ResourcePath:     in.Route.Resource,
			Path:             "/" + Stage + r.URL.Path,
			Authorizer:       map[string]any{"claims": in.Claims},
			HTTPMethod:       r.Method,
			RequestTime:      in.Now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			RequestTimeEpoch: in.Now.UnixMilli(),
			APIID:            "local",
		},
	}
	if len(in.PathParameters) > 0 {
		event.PathParameters = in.PathParameters
	}
	if len(in.Body) > 0 {
		if utf8.Valid(in.Body) {
			event.Body = string(in.Body)
		} else {
			event.Body = base64.StdEncoding.EncodeToString(in.Body)
			event.IsBase64Encoded = true
		}
	}
	if event.Headers != nil {
		event.Headers["X-Forwarded-For"] = sourceIP
		event.MultiValueHeaders["X-Forwarded-For"] = []string{sourceIP}
	}
	return event
}

func requestHeaders(r *http.Request) (map[string]string, map[string][]string) {
	headers := map[string]string{"Host": r.Host}
	multiHeaders := map[string][]string{"Host": {r.Host}}
	for name, values := range r.Header {
		if len(values) == 0 {
			continue
		}
		headers[name] = values[len(values)-1]
		multiHeaders[name] = slices.Clone(values)
	}
	return headers, multiHeaders
}

func queryParameters(r *http.Request) (map[string]string, map[string][]string) {
	values := r.URL.Query()
	if len(values) == 0 {
		return nil, nil
	}
	query := make(map[string]string, len(values))
	multiQuery := make(map[string][]string, len(values))
	for name, list := range values {
		query[name] = list[len(list)-1]
		multiQuery[name] = list
	}
	return query, multiQuery
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
