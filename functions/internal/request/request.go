// Package request reads the parts of an API Gateway REST API proxy request that the handlers use. Headers are
// found whatever their case, and query and path parameters are read. Bodies may be base64-encoded and are
// decoded as strict JSON with a size limit.
//
// Every error for a bad request is an *httpapi.ClientError whose message names the problem and the fix, so a
// handler can return it as it is.
package request

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/secureserverless/framework/functions/internal/httpapi"
)

// DefaultMaxBodyBytes is the body size limit for JSON requests when a handler sets none: 16 KiB is far above
// the size of any request of the file API, which carries a name, a type and a few numbers.
const DefaultMaxBodyBytes = 16 << 10

// MediaTypeJSON is the media type that DecodeJSON requires in the Content-Type header.
const MediaTypeJSON = "application/json"

// Header returns the value of the header name, matching names without regard to case, or "" when the request
// has no such header. A REST API event keeps each header name as the client sent it and lists repeated headers
// in MultiValueHeaders. When the header has several values, Header joins them with ", " in the order the
// event lists them, as RFC 9110 allows for list-valued fields.
func Header(req events.APIGatewayProxyRequest, name string) string {
	values := HeaderValues(req, name)
	return strings.Join(values, ", ")
}

// HeaderValues returns every value of the header name, matching names without regard to case. Values come from
// MultiValueHeaders when it lists the header and from Headers otherwise. Names that differ only in case are
// read in sorted order, so the result does not depend on map iteration.
func HeaderValues(req events.APIGatewayProxyRequest, name string) []string {
	var values []string
	for _, key := range sortedKeys(req.MultiValueHeaders) {
		if strings.EqualFold(key, name) {
			values = append(values, req.MultiValueHeaders[key]...)
		}
	}
	if len(values) > 0 {
		return values
	}
	for _, key := range sortedKeys(req.Headers) {
		if strings.EqualFold(key, name) {
			values = append(values, req.Headers[key])
		}
	}
	return values
}

// QueryParameter returns the query string parameter name and whether the request has it. A parameter that
// occurs more than once with different values is rejected, because a handler that reads one value and a proxy
// that checked the other would disagree about the request.
func QueryParameter(req events.APIGatewayProxyRequest, name string) (string, bool, error) {
	if values, ok := req.MultiValueQueryStringParameters[name]; ok && len(values) > 0 {
		for _, value := range values[1:] {
			if value != values[0] {
				return "", false, httpapi.BadRequest("The query parameter %q is given more than once; give it once.", name)
			}
		}
		return values[0], true, nil
	}
	value, ok := req.QueryStringParameters[name]
	return value, ok, nil
}

// PathParameter returns the path parameter name, which API Gateway has already URL-decoded, or "".
func PathParameter(req events.APIGatewayProxyRequest, name string) string {
	return req.PathParameters[name]
}

// Body returns the body of req, decoded from base64 when IsBase64Encoded is set. A body larger than maxBytes
// after decoding is rejected with 413 and the limit in the message.
func Body(req events.APIGatewayProxyRequest, maxBytes int64) ([]byte, error) {
	if !req.IsBase64Encoded {
		if int64(len(req.Body)) > maxBytes {
			return nil, tooLarge(maxBytes)
		}
		return []byte(req.Body), nil
	}

	// Checking the decoded length first avoids decoding a body of any size.
	if int64(base64.StdEncoding.DecodedLen(len(req.Body))) > maxBytes+2 {
		return nil, tooLarge(maxBytes)
	}
	body, err := base64.StdEncoding.DecodeString(req.Body)
	if err != nil {
		return nil, httpapi.BadRequest("The request body is marked as base64 but is not valid base64.")
	}
	if int64(len(body)) > maxBytes {
		return nil, tooLarge(maxBytes)
	}
	return body, nil
}

// DecodeJSON decodes the body of req into dst strictly: the Content-Type must be application/json, the body
// at most maxBytes long and exactly one JSON value, and every object key must be a field of dst and occur
// once. A maxBytes of 0 means DefaultMaxBodyBytes.
func DecodeJSON(req events.APIGatewayProxyRequest, maxBytes int64, dst any) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBodyBytes
	}
	if err := requireJSONContentType(req); err != nil {
		return err
	}

	body, err := Body(req, maxBytes)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return httpapi.BadRequest("The request body is empty; send a JSON object.")
	}
	if err := checkDuplicateKeys(body); err != nil {
		return err
	}

	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(dst); err != nil {
		return describeDecodeError(err)
	}
	if _, err := decoder.Token(); !errors.Is(err, io.EOF) {
		return httpapi.BadRequest("The request body contains data after the JSON object; send one JSON object.")
	}
	return nil
}

func requireJSONContentType(req events.APIGatewayProxyRequest) error {
	contentType := Header(req, "Content-Type")
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != MediaTypeJSON {
		return httpapi.NewClientError(http.StatusUnsupportedMediaType, httpapi.CodeUnsupportedMediaType,
			"The Content-Type %q is not supported; send %q.", contentType, MediaTypeJSON)
	}
	if charset, ok := params["charset"]; ok && !strings.EqualFold(charset, "utf-8") {
		return httpapi.NewClientError(http.StatusUnsupportedMediaType, httpapi.CodeUnsupportedMediaType,
			"The charset %q is not supported; send UTF-8.", charset)
	}
	return nil
}

func tooLarge(maxBytes int64) error {
	return httpapi.NewClientError(http.StatusRequestEntityTooLarge, httpapi.CodePayloadTooLarge,
		"The request body is larger than the limit of %d bytes.", maxBytes)
}

// describeDecodeError turns an encoding/json error into a message that names the position or the field.
func describeDecodeError(err error) error {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr):
		return httpapi.BadRequest("The request body is not valid JSON at byte %d.", syntaxErr.Offset)
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return httpapi.BadRequest("The request body must be a JSON object.")
	case errors.As(err, &typeErr):
		return httpapi.BadRequest("The field %q must be a JSON %s.", typeErr.Field, jsonKind(typeErr.Type.Kind().String()))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return httpapi.BadRequest("The request body ends in the middle of a JSON value.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return httpapi.BadRequest("The field %s is not accepted; remove it.", field)
	default:
		return httpapi.BadRequest("The request body is not a valid JSON object for this request.")
	}
}

// jsonKind names the JSON type that a Go kind decodes from.
func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	default:
		return "number"
	}
}

// checkDuplicateKeys rejects a JSON text with an object that names a key twice. encoding/json keeps the last
// value, while other parsers keep the first, so a duplicate could mean different requests to different
// components.
func checkDuplicateKeys(body []byte) error {
	decoder := json.NewDecoder(bytes.NewReader(body))
	// Each open object has the set of keys seen so far; arrays push nil.
	var stack []map[string]bool
	expectKey := false
	for {
		token, err := decoder.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			// The strict decoder reports syntax errors with their position.
			return nil
		}

		switch value := token.(type) {
		case json.Delim:
			switch value {
			case '{':
				stack = append(stack, map[string]bool{})
				expectKey = true
				continue
			case '[':
				stack = append(stack, nil)
			case '}', ']':
				stack = stack[:len(stack)-1]
			}
		case string:
			if expectKey {
				keys := stack[len(stack)-1]
				if keys[value] {
					return httpapi.BadRequest("The field %q occurs more than once; give it once.", value)
				}
				keys[value] = true
				expectKey = false
				continue
			}
		}
		// After a value inside an object, the next token is a key again.
		expectKey = len(stack) > 0 && stack[len(stack)-1] != nil
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}
