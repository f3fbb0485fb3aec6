package rules

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Safe readers for resource properties.
//
// property.Value.AsString and its siblings panic when the value has another type, and a computed
// (unknown) value has a type of its own. The pack server reports such a panic as a failed policy, so
// every policy reads values only through the helpers below, which check the type first, and checks a
// value with ResourceCheck.Known before it decides.

// propertyAt returns the value at path inside props, where each element of path is an object key.
// See valueAt for unknown and missing values.
func propertyAt(props property.Map, path ...string) property.Value {
	return valueAt(property.New(props), path...)
}

// valueAt returns the value at path inside value, where each element of path is an object key.
// A computed value on the way is returned as it is, so an unknown parent reads as an unknown child.
// A missing key, a null, or a parent that is not an object gives a null value.
func valueAt(value property.Value, path ...string) property.Value {
	for _, key := range path {
		if value.IsComputed() {
			return value
		}
		object, ok := mapValue(value)
		if !ok {
			return property.Value{}
		}
		value = object.Get(key)
	}
	return value
}

// stringValue returns the string inside value. ok is false for any other type, including computed
// and null values.
func stringValue(value property.Value) (s string, ok bool) {
	if !value.IsString() {
		return "", false
	}
	return value.AsString(), true
}

// boolValue returns the bool inside value. ok is false for any other type, including computed and
// null values.
func boolValue(value property.Value) (b bool, ok bool) {
	if !value.IsBool() {
		return false, false
	}
	return value.AsBool(), true
}

// numberValue returns the number inside value. ok is false for any other type, including computed
// and null values.
func numberValue(value property.Value) (n float64, ok bool) {
	if !value.IsNumber() {
		return 0, false
	}
	return value.AsNumber(), true
}

// arrayValue returns the elements of value. ok is false for any other type, including computed and
// null values.
func arrayValue(value property.Value) (elements []property.Value, ok bool) {
	if !value.IsArray() {
		return nil, false
	}
	return value.AsArray().AsSlice(), true
}

// mapValue returns the object inside value. ok is false for any other type, including computed and
// null values.
func mapValue(value property.Value) (object property.Map, ok bool) {
	if !value.IsMap() {
		return property.Map{}, false
	}
	return value.AsMap(), true
}

// describeValue formats value for a violation message. A secret value is never shown, because the
// engine prints the message and stores it in the update's event log.
func describeValue(value property.Value) string {
	switch {
	case value.IsComputed():
		return "unknown"
	case value.Secret():
		return "[secret]"
	case value.IsNull():
		return "not set"
	case value.IsString():
		return strconv.Quote(value.AsString())
	case value.IsBool():
		return strconv.FormatBool(value.AsBool())
	case value.IsNumber():
		return strconv.FormatFloat(value.AsNumber(), 'f', -1, 64)
	case value.IsArray():
		return fmt.Sprintf("a list of %d elements", value.AsArray().Len())
	case value.IsMap():
		return "an object"
	default:
		return "a value of an unexpected type"
	}
}

// indexedPath names element index of the array property at path, as in "ingress[2]".
func indexedPath(path string, index int) string {
	return fmt.Sprintf("%s[%d]", path, index)
}
