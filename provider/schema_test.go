package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/run"
	"github.com/secureserverless/framework/provider/components"
)

// updateGoldenEnv names the environment variable that makes the golden test rewrite schema.json
// instead of comparing with it: UPDATE_GOLDEN=1 go test . (in the provider folder).
const updateGoldenEnv = "UPDATE_GOLDEN"

// goldenSchema is the committed schema of the package, for review and for SDK generation.
const goldenSchema = "schema.json"

// schemaOf returns the schema that the provider serves, indented as the golden file stores it.
func schemaOf(t *testing.T) []byte {
	t.Helper()
	provider, err := components.NewProvider()
	require.NoError(t, err)
	server, err := integration.NewServer(context.Background(), Name, semver.MustParse(Version),
		integration.WithProvider(provider))
	require.NoError(t, err)
	response, err := server.GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	return canonicalJSON(t, []byte(response.Schema))
}

// canonicalJSON re-encodes a JSON document with sorted keys and two-space indentation.
func canonicalJSON(t *testing.T, document []byte) []byte {
	t.Helper()
	var value any
	require.NoError(t, json.Unmarshal(document, &value), "the schema is JSON")
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", "  ")
	require.NoError(t, encoder.Encode(value))
	return out.Bytes()
}

func TestSchemaGolden(t *testing.T) {
	got := schemaOf(t)
	if os.Getenv(updateGoldenEnv) != "" {
		require.NoError(t, os.WriteFile(goldenSchema, got, 0o644))
		return
	}
	want, err := os.ReadFile(goldenSchema)
	require.NoError(t, err, "run %s=1 go test . -run TestSchemaGolden to write it", updateGoldenEnv)
	assert.Equal(t, string(want), string(got),
		"the schema changed; review the difference and rerun with %s=1 to accept it", updateGoldenEnv)
}

// schemaProperty is the part of a property of the schema that the checks read.
type schemaProperty struct {
	Type        string `json:"type"`
	Description string `json:"description"`
	Default     any    `json:"default"`
}

func TestSchemaDescribesEverything(t *testing.T) {
	var schema struct {
		Resources map[string]struct {
			Description     string                    `json:"description"`
			IsComponent     bool                      `json:"isComponent"`
			Properties      map[string]schemaProperty `json:"properties"`
			InputProperties map[string]schemaProperty `json:"inputProperties"`
			RequiredInputs  []string                  `json:"requiredInputs"`
		} `json:"resources"`
	}
	document := schemaOf(t)
	require.NoError(t, json.Unmarshal(document, &schema))
	require.Contains(t, schema.Resources, "secureserverless:index:Platform")

	var types struct {
		Types map[string]struct {
			Description string                    `json:"description"`
			Properties  map[string]schemaProperty `json:"properties"`
		} `json:"types"`
	}
	require.NoError(t, json.Unmarshal(document, &types))
	for token, objectType := range types.Types {
		assert.NotEmpty(t, objectType.Description, "type %s has a description", token)
		for name, property := range objectType.Properties {
			assert.NotEmpty(t, property.Description, "property %s of type %s has a description", name, token)
		}
	}

	for token, resource := range schema.Resources {
		assert.True(t, resource.IsComponent, "%s is a component", token)
		assert.NotEmpty(t, resource.Description, "%s has a description", token)
		assert.NotEmpty(t, resource.Properties, "%s has outputs", token)
		for name, output := range resource.Properties {
			assert.NotEmpty(t, output.Description, "output %s of %s has a description", name, token)
		}
		for name, input := range resource.InputProperties {
			assert.NotEmpty(t, input.Description, "input %s of %s has a description", name, token)
			required := false
			for _, requiredName := range resource.RequiredInputs {
				required = required || requiredName == name
			}
			scalar := input.Type == "string" || input.Type == "integer" || input.Type == "boolean" ||
				input.Type == "number"
			if scalar && !required {
				assert.NotNil(t, input.Default, "optional input %s of %s has its default in the schema", name, token)
			}
		}
	}
}

func TestGetSchemaFromBinary(t *testing.T) {
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	repoDir := filepath.Dir(filepath.Dir(file))
	paths, err := run.NewPaths(repoDir, "")
	require.NoError(t, err)
	var log bytes.Buffer
	tools, err := run.Prepare(context.Background(), paths, &log)
	require.NoError(t, err, "preparing the offline tools:\n%s", log.String())

	binary := filepath.Join(t.TempDir(), "pulumi-resource-"+Name)
	build := exec.Command("go", "build", "-o", binary, ".")
	output, err := build.CombinedOutput()
	require.NoError(t, err, "building the provider:\n%s", output)

	getSchema := exec.Command(filepath.Join(tools.CLIRoot, "bin", "pulumi"), "package", "get-schema", binary)
	getSchema.Env = append(os.Environ(), "PULUMI_SKIP_UPDATE_CHECK=true", "PULUMI_HOME="+t.TempDir())
	var stdout, stderr bytes.Buffer
	getSchema.Stdout, getSchema.Stderr = &stdout, &stderr
	require.NoError(t, getSchema.Run(), "pulumi package get-schema failed:\n%s", stderr.String())

	want, err := os.ReadFile(goldenSchema)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(canonicalJSON(t, stdout.Bytes())),
		"the binary's schema, read by the Pulumi CLI, matches the golden file")
}
