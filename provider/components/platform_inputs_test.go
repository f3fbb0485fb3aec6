package components

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/secureserverless/framework/provider/internal/platformgen"
)

// projectFile is the project file whose settings the Platform's inputs mirror.
var projectFile = filepath.Join("..", "..", "Pulumi.yaml")

func TestPlatformInputsCurrent(t *testing.T) {
	project, err := os.ReadFile(projectFile)
	require.NoError(t, err)
	want, err := platformgen.Generate(project)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Base(platformgen.OutputFile))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got),
		"platform_inputs.go is stale; run `go run ./cmd/platformgen` in the provider folder")
}

func TestPlatformInputsCoverSettings(t *testing.T) {
	project, err := os.ReadFile(projectFile)
	require.NoError(t, err)
	var declared struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(project, &declared))

	assert.Len(t, platformSettingNames, len(declared.Config))
	for key := range declared.Config {
		assert.Contains(t, platformSettingNames, key, "setting %s is an input of the Platform", key)
	}
}

func TestPlatformInputsSetOnly(t *testing.T) {
	memory, trace := 512, false
	args := PlatformArgs{
		NamePrefix:     "app-dev",
		LambdaMemoryMb: &memory,
		ApiDataTrace:   &trace,
		AuthGroups:     []string{"auditor"},
	}
	assert.Equal(t, map[string]any{
		"lambdaMemoryMb": 512,
		"apiDataTrace":   false,
		"authGroups":     []string{"auditor"},
	}, map[string]any(args.settings()), "unset inputs are absent, so they take the setting's default")
}
