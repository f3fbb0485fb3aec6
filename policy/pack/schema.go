package pack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaURL is the name under which a config schema is compiled. It appears in no message.
const schemaURL = "policy-config.json"

// document returns the JSON schema of a policy's whole config object: the document that the engine
// (pkg/v3 resource/analyzer, v3.276.0) validates config against, without the enforcementLevel
// property that the engine adds, because Configure receives the level apart from the properties.
func (s *ConfigSchema) document() map[string]any {
	document := map[string]any{"type": "object"}
	if len(s.Properties) > 0 {
		properties := make(map[string]any, len(s.Properties))
		for name, property := range s.Properties {
			properties[name] = property
		}
		document["properties"] = properties
	}
	if len(s.Required) > 0 {
		document["required"] = s.Required
	}
	return document
}

// compile compiles the schema for validation.
func (s *ConfigSchema) compile() (*jsonschema.Schema, error) {
	document, err := jsonValue(s.document())
	if err != nil {
		return nil, fmt.Errorf("encoding config schema: %w", err)
	}
	compiler := jsonschema.NewCompiler()
	if err := compiler.AddResource(schemaURL, document); err != nil {
		return nil, fmt.Errorf("loading config schema: %w", err)
	}
	schema, err := compiler.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("compiling config schema: %w", err)
	}
	return schema, nil
}

// withDefaults returns a copy of config with the schema's default for every property that config
// does not set. Values have the types that encoding/json decodes, so a policy reads a number as a
// float64 whether it came from the engine or from a default.
func (s *ConfigSchema) withDefaults(config map[string]any) map[string]any {
	result := maps.Clone(config)
	if result == nil {
		result = map[string]any{}
	}
	if s != nil {
		for name, property := range s.Properties {
			if value, ok := property["default"]; ok {
				if _, set := result[name]; !set {
					result[name] = value
				}
			}
		}
	}

	data, err := json.Marshal(result)
	if err != nil {
		return result
	}
	var decoded map[string]any
	if err := json.Unmarshal(data, &decoded); err != nil {
		return result
	}
	return decoded
}

// check validates config against the schema and returns one error that lists every problem, each
// as "path: message".
func (s *ConfigSchema) check(config map[string]any) error {
	if s == nil {
		return nil
	}
	schema, err := s.compile()
	if err != nil {
		return err
	}
	instance, err := jsonValue(config)
	if err != nil {
		return fmt.Errorf("encoding config: %w", err)
	}

	err = schema.Validate(instance)
	var validationErr *jsonschema.ValidationError
	if !errors.As(err, &validationErr) {
		return err
	}
	var problems []string
	collectSchemaErrors(*validationErr.BasicOutput(), &problems)
	return errors.New(strings.Join(problems, "; "))
}

// collectSchemaErrors appends the leaf errors of a validation output, skipping the summary units.
func collectSchemaErrors(unit jsonschema.OutputUnit, problems *[]string) {
	if unit.Error != nil && len(unit.Errors) == 0 {
		location := strings.TrimPrefix(unit.InstanceLocation, "/")
		if location == "" {
			location = "(config)"
		}
		*problems = append(*problems, location+": "+unit.Error.String())
	}
	for _, child := range unit.Errors {
		collectSchemaErrors(child, problems)
	}
}

// jsonValue converts a Go value into the values that encoding/json decodes, with numbers as
// json.Number, which is what the schema compiler and validator expect.
func jsonValue(value any) (any, error) {
	data, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}
