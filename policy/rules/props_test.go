package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

func TestPropertyAt(t *testing.T) {
	props := propsOf(map[string]property.Value{
		"config":  objectValue(map[string]property.Value{"status": property.New("Enabled")}),
		"pending": unknownValue(),
		"name":    property.New("user-files"),
	})

	tests := []struct {
		name string
		path []string
		want property.Value
	}{
		{name: "nested string", path: []string{"config", "status"}, want: property.New("Enabled")},
		{name: "missing key", path: []string{"config", "mfaDelete"}, want: property.Value{}},
		{name: "missing parent", path: []string{"absent", "status"}, want: property.Value{}},
		{name: "unknown parent", path: []string{"pending", "status", "deeper"}, want: unknownValue()},
		{name: "parent not an object", path: []string{"name", "status"}, want: property.Value{}},
		{name: "empty path", path: nil, want: property.New(props)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, propertyAt(props, tt.path...))
		})
	}
}

func TestReadersRejectOtherTypes(t *testing.T) {
	values := map[string]property.Value{
		"unknown":        unknownValue(),
		"secret unknown": unknownValue().WithSecret(true),
		"null":           {},
		"string":         property.New("text"),
		"bool":           property.New(true),
		"number":         property.New(3.0),
		"array":          listValue(property.New("a")),
		"object":         objectValue(map[string]property.Value{"a": property.New("b")}),
	}

	for name, value := range values {
		t.Run(name, func(t *testing.T) {
			assert.NotPanics(t, func() {
				_, isString := stringValue(value)
				_, isBool := boolValue(value)
				_, isNumber := numberValue(value)
				_, isArray := arrayValue(value)
				_, isMap := mapValue(value)

				assert.Equal(t, name == "string", isString, "stringValue")
				assert.Equal(t, name == "bool", isBool, "boolValue")
				assert.Equal(t, name == "number", isNumber, "numberValue")
				assert.Equal(t, name == "array", isArray, "arrayValue")
				assert.Equal(t, name == "object", isMap, "mapValue")
			})
		})
	}
}

func TestReadersReturnKnownValues(t *testing.T) {
	s, _ := stringValue(property.New("text").WithSecret(true))
	b, _ := boolValue(property.New(true))
	n, _ := numberValue(property.New(7.0))
	elements, _ := arrayValue(listValue(property.New("a"), property.New("b")))
	object, _ := mapValue(objectValue(map[string]property.Value{"key": property.New("value")}))

	assert.Equal(t, "text", s)
	assert.True(t, b)
	assert.Equal(t, 7.0, n)
	assert.Equal(t, []property.Value{property.New("a"), property.New("b")}, elements)
	assert.Equal(t, property.New("value"), object.Get("key"))
}

func TestDescribeValue(t *testing.T) {
	tests := []struct {
		name  string
		value property.Value
		want  string
	}{
		{name: "unknown", value: unknownValue(), want: "unknown"},
		{name: "secret string", value: property.New("hunter2").WithSecret(true), want: "[secret]"},
		{name: "null", value: property.Value{}, want: "not set"},
		{name: "string", value: property.New(`say "hi"`), want: `"say \"hi\""`},
		{name: "bool", value: property.New(false), want: "false"},
		{name: "whole number", value: property.New(365.0), want: "365"},
		{name: "fraction", value: property.New(1.5), want: "1.5"},
		{name: "array", value: listValue(property.New("a"), property.New("b")), want: "a list of 2 elements"},
		{name: "object", value: objectValue(map[string]property.Value{}), want: "an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, describeValue(tt.value))
		})
	}
}
