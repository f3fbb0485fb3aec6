package fiverules

import (
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Readers that check a value's type before they read it, because property.Value.AsString and its
// siblings panic on another type, including a computed (unknown) value.

func stringValue(value property.Value) (string, bool) {
	if !value.IsString() {
		return "", false
	}
	return value.AsString(), true
}

func numberValue(value property.Value) (float64, bool) {
	if !value.IsNumber() {
		return 0, false
	}
	return value.AsNumber(), true
}

func arrayValue(value property.Value) []property.Value {
	if !value.IsArray() {
		return nil
	}
	return value.AsArray().AsSlice()
}

func mapValue(value property.Value) (property.Map, bool) {
	if !value.IsMap() {
		return property.Map{}, false
	}
	return value.AsMap(), true
}

// quote formats a string for a message as JSON.stringify does in the Node.js twin, which is the same
// as strconv.Quote for the printable ASCII of runtime names and ACLs.
func quote(s string) string {
	return strconv.Quote(s)
}

func itoa(i int) string {
	return strconv.Itoa(i)
}

// ftoa formats a number as JavaScript's String does for the integers of ports.
func ftoa(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
