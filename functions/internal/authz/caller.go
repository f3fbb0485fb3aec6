// Package authz reads the authenticated caller of an API Gateway REST API request.
//
// The identity comes only from the claims that the Cognito User Pools authorizer verified and placed in
// requestContext.authorizer.claims. Request headers are never read, because a client controls them.
package authz

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/aws/aws-lambda-go/events"
)

// Claim names that a Cognito user pool writes into its tokens.
const (
	ClaimSubject         = "sub"
	ClaimCognitoUsername = "cognito:username" // ID tokens
	ClaimUsername        = "username"         // access tokens
	ClaimGroups          = "cognito:groups"
	ClaimScope           = "scope" // access tokens, space-separated
)

// authorizerClaimsKey is the key under which a Cognito User Pools authorizer of a REST API stores the token
// claims in requestContext.authorizer.
const authorizerClaimsKey = "claims"

var (
	// ErrNoCaller means the request carries no authorizer claims or no "sub" claim. Behind a method with a
	// Cognito User Pools authorizer this does not happen, so it points to a method deployed without one.
	ErrNoCaller = errors.New("no authenticated caller in request context")

	// ErrInvalidClaim means a claim is present but has a shape that API Gateway does not send.
	ErrInvalidClaim = errors.New("invalid authorizer claim")
)

// Caller is the authenticated user of a request, built from verified token claims.
type Caller struct {
	// Subject is the user's stable, unique id in the user pool (the "sub" claim).
	Subject string
	// Username is "cognito:username" from an ID token or "username" from an access token. It may be empty.
	Username string
	// Groups are the user pool groups of the user, in token order. Nil when the user is in no group.
	Groups []string
	// Scopes are the OAuth scopes of an access token. Nil for an ID token, which has no "scope" claim.
	Scopes []string
}

// InGroup reports whether the caller is a member of the user pool group name. Names are case-sensitive, as in
// Cognito.
func (c Caller) InGroup(name string) bool {
	return slices.Contains(c.Groups, name)
}

// HasScope reports whether the access token of the caller was granted scope.
func (c Caller) HasScope(scope string) bool {
	return slices.Contains(c.Scopes, scope)
}

// CallerFromRequest returns the caller whose token the Cognito User Pools authorizer verified for req.
//
// It returns an error wrapping ErrNoCaller when the claims or the "sub" claim are missing or empty, and an
// error wrapping ErrInvalidClaim when a claim has an unexpected type.
func CallerFromRequest(req events.APIGatewayProxyRequest) (Caller, error) {
	claims, err := authorizerClaims(req.RequestContext.Authorizer)
	if err != nil {
		return Caller{}, err
	}

	subject, err := stringClaim(claims, ClaimSubject)
	if err != nil {
		return Caller{}, err
	}
	if subject == "" {
		return Caller{}, fmt.Errorf("%w: claim %q is missing or empty", ErrNoCaller, ClaimSubject)
	}

	username, err := stringClaim(claims, ClaimCognitoUsername)
	if err != nil {
		return Caller{}, err
	}
	if username == "" {
		username, err = stringClaim(claims, ClaimUsername)
		if err != nil {
			return Caller{}, err
		}
	}

	groups, err := ParseGroups(claims[ClaimGroups])
	if err != nil {
		return Caller{}, err
	}

	scopes, err := parseScopes(claims[ClaimScope])
	if err != nil {
		return Caller{}, err
	}

	caller := Caller{
		Subject:  subject,
		Username: username,
		Groups:   groups,
		Scopes:   scopes,
	}
	return caller, nil
}

// authorizerClaims returns requestContext.authorizer.claims. A decoded event contains a map[string]any there,
// and a map[string]string is accepted for events built in Go code.
func authorizerClaims(authorizer map[string]any) (map[string]any, error) {
	value, ok := authorizer[authorizerClaimsKey]
	if !ok || value == nil {
		return nil, fmt.Errorf("%w: requestContext.authorizer.%s is missing", ErrNoCaller, authorizerClaimsKey)
	}

	switch claims := value.(type) {
	case map[string]any:
		return claims, nil
	case map[string]string:
		converted := make(map[string]any, len(claims))
		for name, claim := range claims {
			converted[name] = claim
		}
		return converted, nil
	default:
		return nil, fmt.Errorf("%w: requestContext.authorizer.%s is %T, expected a JSON object",
			ErrInvalidClaim, authorizerClaimsKey, value)
	}
}

// stringClaim returns the claim name, or "" when it is absent or null.
func stringClaim(claims map[string]any, name string) (string, error) {
	switch value := claims[name].(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(value), nil
	default:
		return "", fmt.Errorf("%w: claim %q is %T, expected a string", ErrInvalidClaim, name, value)
	}
}

// ParseGroups returns the group names of a "cognito:groups" claim value, in order, without empty names.
//
// The ID token contains a JSON array, but the event that API Gateway sends contains a string whose shape
// depends on the API type:
//
//   - "admin" or "admin,users": REST API with a Cognito User Pools authorizer, a comma-separated list.
//   - "[admin users]": HTTP API with a JWT authorizer, the array printed in brackets and split by spaces.
//   - `["admin","users"]`: a JSON array encoded as a string, as some emulators and custom authorizers send.
//
// A decoded JSON array ([]any of strings) or a []string is accepted as well. Nil or "" returns nil.
// Cognito group names cannot contain whitespace (the CreateGroup API allows [\p{L}\p{M}\p{S}\p{N}\p{P}]+),
// so both commas and whitespace separate names, which also covers a list printed as "[admin, users]".
//
// AWS does not document how API Gateway encodes array claims. The shapes above come from events that users of
// both API types have published.
//
// NOTE: a group name that itself contains a comma is split in two by the comma-separated and bracketed
// shapes. Only the JSON shapes keep it whole, because API Gateway's string shapes do not escape commas.
func ParseGroups(value any) ([]string, error) {
	switch groups := value.(type) {
	case nil:
		return nil, nil
	case string:
		return parseGroupString(groups)
	case []string:
		return nonEmpty(groups), nil
	case []any:
		names := make([]string, 0, len(groups))
		for i, element := range groups {
			name, ok := element.(string)
			if !ok {
				return nil, fmt.Errorf("%w: claim %q element %d is %T, expected a string",
					ErrInvalidClaim, ClaimGroups, i, element)
			}
			names = append(names, name)
		}
		return nonEmpty(names), nil
	default:
		return nil, fmt.Errorf("%w: claim %q is %T, expected a string or an array of strings",
			ErrInvalidClaim, ClaimGroups, value)
	}
}

func parseGroupString(value string) ([]string, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil, nil
	}

	// A JSON array of strings is tried first, because its quotes and commas would otherwise become part of
	// the names.
	if strings.HasPrefix(value, "[") && strings.Contains(value, `"`) {
		var names []string
		if err := json.Unmarshal([]byte(value), &names); err != nil {
			return nil, fmt.Errorf("%w: claim %q value %q looks like a JSON array but does not decode: %w",
				ErrInvalidClaim, ClaimGroups, value, err)
		}
		return nonEmpty(names), nil
	}

	if strings.HasPrefix(value, "[") && strings.HasSuffix(value, "]") {
		value = value[1 : len(value)-1]
	}
	names := strings.FieldsFunc(value, func(r rune) bool {
		return r == ',' || unicode.IsSpace(r)
	})
	if len(names) == 0 {
		return nil, nil
	}
	return names, nil
}

// parseScopes returns the scopes of a "scope" claim, which OAuth 2.0 defines as a space-separated string.
func parseScopes(value any) ([]string, error) {
	switch scopes := value.(type) {
	case nil:
		return nil, nil
	case string:
		fields := strings.Fields(scopes)
		if len(fields) == 0 {
			return nil, nil
		}
		return fields, nil
	default:
		return nil, fmt.Errorf("%w: claim %q is %T, expected a space-separated string",
			ErrInvalidClaim, ClaimScope, value)
	}
}

// nonEmpty returns the trimmed, non-empty names, or nil when none remain.
func nonEmpty(names []string) []string {
	var result []string
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name != "" {
			result = append(result, name)
		}
	}
	return result
}
