package infra

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// s3Request is the request context that tests evaluate a bucket policy against.
type s3Request struct {
	action   string
	resource string
	// principal is the aws:PrincipalArn of the caller, "" for an AWS service principal.
	principal string
	// keys are the other condition keys of the request, such as "aws:SecureTransport". An absent key is
	// absent from the request, as a missing header is.
	keys map[string][]string
}

// secureRequest returns a request over TLS 1.3 with the given action, resource and principal.
func secureRequest(action, resource, principal string) s3Request {
	return s3Request{action: action, resource: resource, principal: principal, keys: map[string][]string{
		"aws:SecureTransport": {"true"},
		"s3:TlsVersion":       {"1.3"},
	}}
}

// with returns a copy of the request with a condition key set.
func (r s3Request) with(key string, values ...string) s3Request {
	keys := map[string][]string{}
	for k, v := range r.keys {
		keys[k] = v
	}
	keys[key] = values
	r.keys = keys
	return r
}

// denyingStatements returns the Sids of the Deny statements of a policy document that match the
// request. It understands the condition operators the component's policies use and fails the test on
// any other, so a new operator cannot pass unchecked.
func denyingStatements(t *testing.T, doc map[string]any, request s3Request) []string {
	t.Helper()
	var sids []string
	for _, raw := range doc["Statement"].([]any) {
		statement := raw.(map[string]any)
		if statement["Effect"] != "Deny" {
			continue
		}
		if !anyMatches(stringsOf(statement["Action"]), request.action) ||
			!anyMatches(stringsOf(statement["Resource"]), request.resource) {
			continue
		}
		if conditionHolds(t, statement["Condition"], request) {
			sids = append(sids, statement["Sid"].(string))
		}
	}
	return sids
}

// conditionHolds evaluates a Condition block: every operator and key must hold.
func conditionHolds(t *testing.T, condition any, request s3Request) bool {
	t.Helper()
	if condition == nil {
		return true
	}
	for operator, entries := range condition.(map[string]any) {
		for key, expected := range entries.(map[string]any) {
			values, present := request.keys[key]
			if key == "aws:PrincipalArn" {
				values, present = []string{request.principal}, request.principal != ""
			}
			if !operatorHolds(t, operator, values, present, stringsOf(expected)) {
				return false
			}
		}
	}
	return true
}

// operatorHolds evaluates one condition operator as IAM does, including for absent keys: negated
// operators hold and the others fail, unless the operator ends in IfExists, which then holds.
func operatorHolds(t *testing.T, operator string, values []string, present bool, expected []string) bool {
	t.Helper()
	base, ifExists := strings.CutSuffix(operator, "IfExists")
	if !present && ifExists {
		return true
	}
	equal := func() bool {
		return slices.ContainsFunc(values, func(v string) bool { return slices.Contains(expected, v) })
	}
	like := func() bool {
		return slices.ContainsFunc(values, func(v string) bool { return anyMatches(expected, v) })
	}
	switch base {
	case "StringEquals", "ForAnyValue:StringEquals":
		return present && equal()
	case "StringNotEquals":
		return !present || !equal()
	case "ArnLike":
		return present && like()
	case "ArnNotLike":
		return !present || !like()
	case "Bool":
		return present && slices.Contains(expected, strings.ToLower(values[0]))
	case "NumericLessThan":
		if !present {
			return false
		}
		got, err := strconv.ParseFloat(values[0], 64)
		require.NoError(t, err)
		limit, err := strconv.ParseFloat(expected[0], 64)
		require.NoError(t, err)
		return got < limit
	case "Null":
		return slices.Contains(expected, strconv.FormatBool(!present))
	default:
		require.Failf(t, "unsupported condition operator", "the test evaluator does not know %q", operator)
		return false
	}
}

// anyMatches reports whether value matches one of the IAM patterns, in which "*" matches any run of
// characters.
func anyMatches(patterns []string, value string) bool {
	for _, pattern := range patterns {
		expression := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*") + "$"
		if regexp.MustCompile(expression).MatchString(value) {
			return true
		}
	}
	return false
}

// stringsOf returns a policy element that is a string or a list of strings as a list.
func stringsOf(value any) []string {
	switch v := value.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, element := range v {
			if s, ok := element.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	default:
		return nil
	}
}
