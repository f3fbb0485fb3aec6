// Package greeting is an in-module dependency of the hello test function, with an embedded file.
package greeting

import (
	_ "embed"
	"strings"
)

//go:embed message.txt
var message string

// For returns the greeting for name.
func For(name string) string {
	return strings.TrimSpace(message) + ", " + name
}
