package stackconfig

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testComponent = "pkg:index:Thing"

func TestInputReaderValues(t *testing.T) {
	reader := NewInputReader(testComponent, InputSource{
		"memory":     512,
		"ratio":      float64(3),
		"enabled":    true,
		"name":       "files",
		"origins":    []string{"https://a.example.com"},
		"thresholds": map[string]float64{"api5xxErrors": 10},
	})

	assert.Equal(t, 512, reader.Int("memory", 1))
	assert.Equal(t, 3, reader.Int("ratio", 1), "a whole float64, as JSON decodes numbers, is an int")
	assert.Equal(t, 7, reader.Int("absent", 7), "an unset input takes the fallback")
	assert.True(t, reader.Bool("enabled", false))
	assert.Equal(t, "files", reader.String("name", "other"))
	assert.Equal(t, []string{"https://a.example.com"}, reader.Strings("origins"))
	assert.Nil(t, reader.Strings("absent"))
	assert.Equal(t, map[string]float64{"api5xxErrors": 10}, reader.Numbers("thresholds"))
	assert.Empty(t, reader.Errors())
	assert.Equal(t, testComponent, reader.Namespace())
	assert.Equal(t, testComponent, reader.Component())
}

func TestInputReaderWrongType(t *testing.T) {
	reader := NewInputReader(testComponent, InputSource{"memory": 2.5, "enabled": "maybe"})

	assert.Equal(t, 1, reader.Int("memory", 1), "a fractional number takes the fallback")
	assert.False(t, reader.Bool("enabled", false))
	require.Len(t, reader.Errors(), 2)

	var inputErr *Error
	require.True(t, errors.As(reader.Errors()[0], &inputErr))
	assert.Equal(t, testComponent+":memory", inputErr.Key)
	assert.Equal(t, "2.5", inputErr.Value)
	assert.Equal(t, testComponent, inputErr.Component)
	assert.Equal(t, "invalid input memory=2.5 of component pkg:index:Thing: accepted values are a whole number; "+
		"set the component's memory input to an accepted value", inputErr.Error())
}

func TestErrorNamesStackSetting(t *testing.T) {
	err := &Error{Key: "app:memory", Value: "x", Accepted: "a whole number"}
	assert.Contains(t, err.Error(), "invalid stack setting app:memory=x")
	assert.Contains(t, err.Error(), "pulumi config set --path 'app:memory' VALUE")
}

func TestErrorNamesListInput(t *testing.T) {
	err := &Error{Key: testComponent + ":origins", Value: "http://a", Accepted: "https origins",
		List: true, Component: testComponent}
	assert.Equal(t, "invalid input origins=http://a of component pkg:index:Thing: accepted values are https origins; "+
		"set the component's origins input to an accepted value (the value is one entry of the list origins)", err.Error())
}
