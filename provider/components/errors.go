package components

import (
	"fmt"
	"regexp"
	"strings"
)

// inputError returns err of an infra component with its Go field names replaced by the component's
// input names, such as CidrBlock by cidrBlock, so the message names what a user of the package sets.
// fields maps each Go field name to its input name.
func inputError(typeToken, name string, err error, fields map[string]string) error {
	if err == nil {
		return nil
	}
	names := make([]string, 0, len(fields))
	for field := range fields {
		names = append(names, regexp.QuoteMeta(field))
	}
	message := err.Error()
	if len(names) > 0 {
		pattern := regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\b`)
		message = pattern.ReplaceAllStringFunc(message, func(field string) string { return fields[field] })
	}
	return fmt.Errorf("invalid inputs of component %s %q: %s", typeToken, name, message)
}
