package stackconfig

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// InputSource is a Source over the inputs of a component, keyed like the stack settings they mirror.
// An absent key is unset, so the reader returns the setting's default.
type InputSource map[string]any

// Get returns the value at key as the text a stack setting of that value would hold: a string as it
// is, numbers and booleans in Go's formatting, lists and objects as JSON.
func (s InputSource) Get(key string) string {
	value, ok := s[key]
	if !ok || value == nil {
		return ""
	}
	switch v := value.(type) {
	case string:
		return v
	case int, int64, float64, bool:
		return fmt.Sprint(v)
	}
	text, err := json.Marshal(value)
	if err != nil {
		return fmt.Sprint(value)
	}
	return string(text)
}

// TryInt returns the whole number at key.
func (s InputSource) TryInt(key string) (int, error) {
	switch v := s[key].(type) {
	case int:
		return v, nil
	case int64:
		return int(v), nil
	case float64:
		if v == float64(int(v)) {
			return int(v), nil
		}
	}
	text := s.Get(key)
	if text == "" {
		return 0, fmt.Errorf("input %s is not set", key)
	}
	return strconv.Atoi(text)
}

// TryObject decodes the value at key into output through JSON, as the stack settings are decoded.
func (s InputSource) TryObject(key string, output any) error {
	value, ok := s[key]
	if !ok || value == nil {
		return fmt.Errorf("input %s is not set", key)
	}
	text, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("encoding input %s: %w", key, err)
	}
	return json.Unmarshal(text, output)
}
