package rules

import (
	"fmt"
	"math"
)

// intConfig reads the whole-number config property key of a policy, which the pack server stores as a
// float64 as JSON does. It returns fallback when the property is not set, and an error for a value that
// is not a whole number between minimum and maximum.
func intConfig(config map[string]any, policy, key string, fallback, minimum, maximum int) (int, error) {
	raw, ok := config[key]
	if !ok || raw == nil {
		return fallback, nil
	}

	var number float64
	switch raw := raw.(type) {
	case float64:
		number = raw
	case int:
		number = float64(raw)
	default:
		number = math.NaN()
	}
	if !(number >= float64(minimum) && number <= float64(maximum) && number == math.Trunc(number)) {
		return 0, fmt.Errorf("invalid %s %#v for policy %s: set a whole number from %d to %d",
			key, raw, policy, minimum, maximum)
	}
	return int(number), nil
}

// boolConfig reads the boolean config property key of a policy. It returns fallback when the property
// is not set, and an error for a value of another type.
func boolConfig(config map[string]any, policy, key string, fallback bool) (bool, error) {
	raw, ok := config[key]
	if !ok || raw == nil {
		return fallback, nil
	}
	value, ok := raw.(bool)
	if !ok {
		return false, fmt.Errorf("invalid %s %#v for policy %s: set true or false", key, raw, policy)
	}
	return value, nil
}

// stringListConfig reads the config property key of a policy that lists strings, which the pack server
// stores as a []any as JSON does. It returns fallback when the property is not set, and an error for a
// value that is not a non-empty list of non-empty strings.
func stringListConfig(config map[string]any, policy, key string, fallback []string) ([]string, error) {
	raw, ok := config[key]
	if !ok || raw == nil {
		return fallback, nil
	}

	invalid := fmt.Errorf("invalid %s %#v for policy %s: set a non-empty list of strings", key, raw, policy)
	var elements []any
	switch raw := raw.(type) {
	case []any:
		elements = raw
	case []string:
		for _, element := range raw {
			elements = append(elements, element)
		}
	default:
		return nil, invalid
	}
	if len(elements) == 0 {
		return nil, invalid
	}
	values := make([]string, 0, len(elements))
	for _, element := range elements {
		text, ok := element.(string)
		if !ok || text == "" {
			return nil, invalid
		}
		values = append(values, text)
	}
	return values, nil
}
