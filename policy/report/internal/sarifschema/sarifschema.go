// Package sarifschema validates SARIF documents against the SARIF 2.1.0 JSON schema in
// policy/report/testdata, for the tests of the report package and of the offline-run reports.
package sarifschema

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the schema's file name in policy/report/testdata, whose README names its source.
const SchemaFile = "sarif-2.1.0.json"

var (
	once     sync.Once
	compiled *jsonschema.Schema
	errLoad  error
)

// SchemaPath returns the schema's path, found from this source file, so that tests in any folder can
// use it. It needs the source tree, which `go test` always has.
func SchemaPath() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("locating the sarifschema source file to find the schema")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", SchemaFile), nil
}

// Schema returns the compiled schema. It compiles it once, with format assertions on, so that
// date-time and URI values are checked too, and is safe for concurrent use.
func Schema() (*jsonschema.Schema, error) {
	once.Do(func() { compiled, errLoad = compile() })
	return compiled, errLoad
}

func compile() (*jsonschema.Schema, error) {
	path, err := SchemaPath()
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the SARIF schema: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parsing the SARIF schema %s: %w", path, err)
	}
	compiler := jsonschema.NewCompiler()
	compiler.AssertFormat()
	if err := compiler.AddResource(path, doc); err != nil {
		return nil, fmt.Errorf("adding the SARIF schema %s: %w", path, err)
	}
	schema, err := compiler.Compile(path)
	if err != nil {
		return nil, fmt.Errorf("compiling the SARIF schema %s: %w", path, err)
	}
	return schema, nil
}

// Validate checks a SARIF document against the schema and returns the validation error, which lists
// every violated keyword with its JSON pointer.
func Validate(sarif []byte) error {
	schema, err := Schema()
	if err != nil {
		return err
	}
	instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(sarif))
	if err != nil {
		return fmt.Errorf("parsing the SARIF document: %w", err)
	}
	return schema.Validate(instance)
}
