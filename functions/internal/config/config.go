// Package config reads the settings of a Lambda function from environment variables and validates them once,
// at start.
//
// Environment variables hold plain settings only: bucket names, prefixes, limits and the names or ARNs of
// secrets. Secret values come from Secrets Manager or Parameter Store through package secrets, because Lambda
// shows environment variables to anyone who may read the function's configuration.
package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// VariableError describes one environment variable that is missing or invalid.
type VariableError struct {
	// Name is the name of the environment variable.
	Name string
	// Problem is the fault and the accepted values, such as "must be an integer from 1 to 10".
	Problem string
}

func (e *VariableError) Error() string {
	return fmt.Sprintf("environment variable %s %s", e.Name, e.Problem)
}

// Env reads environment variables and records every problem it finds, so that Err reports all invalid
// variables of a function at once instead of one per deployment. An Env is not safe for concurrent use; a
// function reads its settings once, in main.
type Env struct {
	lookup   func(string) (string, bool)
	problems []error
}

// FromEnvironment returns an Env that reads the environment of the process.
func FromEnvironment() *Env {
	return New(os.LookupEnv)
}

// New returns an Env that reads variables through lookup, which has the signature of os.LookupEnv. Tests and
// the local API pass a map lookup.
func New(lookup func(string) (string, bool)) *Env {
	return &Env{lookup: lookup}
}

// MapLookup returns a lookup function over values, for New.
func MapLookup(values map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		value, ok := values[name]
		return value, ok
	}
}

// Err returns the problems found so far joined into one error, each a *VariableError, or nil.
func (e *Env) Err() error {
	return errors.Join(e.problems...)
}

// Invalid records a problem with the variable name that the caller found itself, such as a relation between
// two variables.
func (e *Env) Invalid(name, problem string) {
	e.problems = append(e.problems, &VariableError{Name: name, Problem: problem})
}

// value returns the trimmed value of name and whether it is set and not blank.
func (e *Env) value(name string) (string, bool) {
	value, ok := e.lookup(name)
	value = strings.TrimSpace(value)
	return value, ok && value != ""
}

// Required returns the value of name, or records a problem when it is unset or blank.
func (e *Env) Required(name string) string {
	value, ok := e.value(name)
	if !ok {
		e.Invalid(name, "is required but not set")
	}
	return value
}

// String returns the value of name, or fallback when it is unset or blank.
func (e *Env) String(name, fallback string) string {
	value, ok := e.value(name)
	if !ok {
		return fallback
	}
	return value
}

// OneOf returns the value of name, which must be one of allowed, or fallback when it is unset or blank.
func (e *Env) OneOf(name, fallback string, allowed ...string) string {
	value, ok := e.value(name)
	if !ok {
		return fallback
	}
	for _, candidate := range allowed {
		if value == candidate {
			return value
		}
	}
	e.Invalid(name, fmt.Sprintf("must be one of %s, got %q", strings.Join(allowed, ", "), value))
	return fallback
}

// Int returns the value of name as an integer from minimum to maximum, or fallback when it is unset or blank.
func (e *Env) Int(name string, fallback, minimum, maximum int64) int64 {
	value, ok := e.value(name)
	if !ok {
		return fallback
	}
	number, err := strconv.ParseInt(value, 10, 64)
	if err != nil || number < minimum || number > maximum {
		e.Invalid(name, fmt.Sprintf("must be an integer from %d to %d, got %q", minimum, maximum, value))
		return fallback
	}
	return number
}

// Bool returns the value of name as a boolean, or fallback when it is unset or blank. It accepts the forms
// of strconv.ParseBool, such as true, false, 1 and 0.
func (e *Env) Bool(name string, fallback bool) bool {
	value, ok := e.value(name)
	if !ok {
		return fallback
	}
	flag, err := strconv.ParseBool(value)
	if err != nil {
		e.Invalid(name, fmt.Sprintf("must be true or false, got %q", value))
		return fallback
	}
	return flag
}

// Duration returns the value of name as a Go duration such as "90s" or "15m", from minimum to maximum, or
// fallback when it is unset or blank.
func (e *Env) Duration(name string, fallback, minimum, maximum time.Duration) time.Duration {
	value, ok := e.value(name)
	if !ok {
		return fallback
	}
	duration, err := time.ParseDuration(value)
	if err != nil || duration < minimum || duration > maximum {
		e.Invalid(name, fmt.Sprintf("must be a duration from %s to %s such as \"5m\", got %q", minimum, maximum, value))
		return fallback
	}
	return duration
}

// List returns the comma-separated values of name, trimmed and without empty entries, or fallback when it is
// unset or blank.
func (e *Env) List(name string, fallback []string) []string {
	value, ok := e.value(name)
	if !ok {
		return fallback
	}
	var items []string
	for _, item := range strings.Split(value, ",") {
		item = strings.TrimSpace(item)
		if item != "" {
			items = append(items, item)
		}
	}
	if len(items) == 0 {
		e.Invalid(name, fmt.Sprintf("must be a comma-separated list with at least one entry, got %q", value))
		return fallback
	}
	return items
}

// KeyPrefix returns the value of name as an S3 key prefix, or fallback when it is unset or blank. A prefix
// ends with "/", does not start with "/", and contains only letters, digits and the characters "-_.!*'()/"
// that S3 lists as safe in keys, with no empty, "." or ".." segment.
func (e *Env) KeyPrefix(name, fallback string) string {
	value, ok := e.value(name)
	if !ok {
		return fallback
	}
	if problem := keyPrefixProblem(value); problem != "" {
		e.Invalid(name, fmt.Sprintf("%s, got %q", problem, value))
		return fallback
	}
	return value
}

// keyPrefixProblem returns why prefix is not a valid key prefix, or "".
func keyPrefixProblem(prefix string) string {
	if !strings.HasSuffix(prefix, "/") || strings.HasPrefix(prefix, "/") {
		return `must end with "/" and not start with "/", such as "quarantine/"`
	}
	for _, r := range prefix {
		if !isSafeKeyRune(r) {
			return `must contain only letters, digits and the characters "-_.!*'()/"`
		}
	}
	for _, segment := range strings.Split(strings.TrimSuffix(prefix, "/"), "/") {
		if segment == "" || segment == "." || segment == ".." {
			return `must not contain an empty, "." or ".." segment`
		}
	}
	return ""
}

// isSafeKeyRune reports whether r is in the set of characters that the Amazon S3 User Guide lists as safe for
// object key names.
func isSafeKeyRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	default:
		return strings.ContainsRune("-_.!*'()/", r)
	}
}
