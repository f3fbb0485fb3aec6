package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
	"github.com/secureserverless/framework/policy/rules"
)

// updateGoldenEnv names the environment variable that makes the test rewrite the generated files
// instead of comparing them: UPDATE_GOLDEN=1 go test ./policy/...
const updateGoldenEnv = "UPDATE_GOLDEN"

// repositoryRoot is the repository root, seen from this package's folder.
var repositoryRoot = filepath.Join("..", "..", "..")

func TestGeneratedFilesUpToDate(t *testing.T) {
	files, err := generatedFiles()
	require.NoError(t, err)
	require.Len(t, files, 1+len(pack.ControlFrameworks), "POLICIES.md and one matrix per framework")

	for name, want := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(repositoryRoot, filepath.FromSlash(name))
			if os.Getenv(updateGoldenEnv) != "" {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, want, 0o644))
			}

			got, err := os.ReadFile(path)
			require.NoError(t, err, "%s is missing: run `%s` from the repository root", name, generator)
			assert.Equal(t, string(want), string(got),
				"%s is stale: run `%s` from the repository root, or %s=1 go test ./policy/...",
				name, generator, updateGoldenEnv)
		})
	}
}

func TestCatalogListsEveryPolicy(t *testing.T) {
	files, err := generatedFiles()
	require.NoError(t, err)
	text := string(files["POLICIES.md"])

	for _, policy := range rules.All() {
		t.Run(policy.Name, func(t *testing.T) {
			assert.Contains(t, text, "\n## "+policy.Name+"\n")
			assert.Contains(t, text, "| ["+policy.Name+"](#"+policy.Name+") |")
			assert.Contains(t, text, "Why: "+policy.Rationale)
			assert.Contains(t, text, "Fix: "+policy.RemediationSteps)
			assert.True(t, strings.Contains(text, policy.Description))
		})
	}
}

func TestCatalogListsMatricesAndDeclined(t *testing.T) {
	files, err := generatedFiles()
	require.NoError(t, err)
	text := string(files["POLICIES.md"])

	for _, framework := range pack.ControlFrameworks {
		assert.Contains(t, text, "](policy/compliance/"+framework.Key+".md)")
	}
	assert.Contains(t, text, "\n## Declined rules\n")
	for _, candidate := range rules.Declined() {
		assert.Contains(t, text, "| "+candidate.Check+" | "+candidate.ResourceTypes+" | "+candidate.Reason+" |")
	}
}

// TestMatricesListEveryMapping checks that each framework's matrix has one row per policy and
// control of that framework, so that no mapping is lost between the pack and the page.
func TestMatricesListEveryMapping(t *testing.T) {
	files, err := generatedFiles()
	require.NoError(t, err)

	for _, framework := range pack.ControlFrameworks {
		t.Run(framework.Key, func(t *testing.T) {
			matrix := string(files[matrixPath(framework.Key)])
			rows := 0
			for _, policy := range rules.All() {
				for _, control := range policy.ControlsOf(framework.Key) {
					rows++
					assert.Contains(t, matrix, "| "+control.ID+" | ["+policy.Name+"](../../POLICIES.md#"+policy.Name+") | "+control.Source+" |")
				}
			}
			assert.Equal(t, rows, strings.Count(matrix, "](../../POLICIES.md#"), "matrix rows")
		})
	}
}

func TestRunHelpListsOnlyCatalogFlags(t *testing.T) {
	var stderr bytes.Buffer

	code := run([]string{"-h"}, &stderr)

	assert.Equal(t, 0, code)
	assert.Contains(t, stderr.String(), "-out string")
	assert.Contains(t, stderr.String(), "-matrices string")
	for _, logFlag := range []string{"-logtostderr", "-alsologtostderr", "-vmodule", "-log_dir"} {
		assert.NotContains(t, stderr.String(), logFlag, "the Pulumi SDK's logging flags stay out of -h")
	}
}

func TestRunRejectsInvalidArguments(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		message string
	}{
		{"unknown flag", []string{"-v", "3"}, "flag provided but not defined: -v"},
		{"positional argument", []string{"POLICIES.md"}, `unexpected argument "POLICIES.md"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer

			code := run(tt.args, &stderr)

			assert.Equal(t, 2, code)
			assert.Contains(t, stderr.String(), tt.message)
			assert.Contains(t, stderr.String(), "Usage of catalog:")
		})
	}
}

func TestRunWritesCatalogAndMatrices(t *testing.T) {
	dir := t.TempDir()
	catalogPath := filepath.Join(dir, "catalog.md")
	matrices := filepath.Join(dir, "matrices")
	var stderr bytes.Buffer

	code := run([]string{"-out", catalogPath, "-matrices", matrices}, &stderr)

	require.Equal(t, 0, code, stderr.String())
	files, err := generatedFiles()
	require.NoError(t, err)
	got, err := os.ReadFile(catalogPath)
	require.NoError(t, err)
	assert.Equal(t, string(files["POLICIES.md"]), string(got))
	for _, framework := range pack.ControlFrameworks {
		got, err := os.ReadFile(filepath.Join(matrices, framework.Key+".md"))
		require.NoError(t, err)
		assert.Equal(t, string(files[matrixPath(framework.Key)]), string(got), framework.Key)
	}
}

// A description with "must" promises a blocked preview, which is true only for a policy that is
// mandatory by default and in every profile. The descriptions of other policies use "should".
func TestDescriptionsMatchLevels(t *testing.T) {
	p, err := rules.NewPack()
	require.NoError(t, err)

	for _, policy := range p.Policies() {
		levels := []pack.EnforcementLevel{p.Level(policy), p.LevelIn(policy, pack.ProfileHIPAA), p.LevelIn(policy, pack.ProfilePCI)}
		mandatoryEverywhere := true
		for _, level := range levels {
			if level != pack.EnforcementLevelMandatory {
				mandatoryEverywhere = false
			}
		}
		if !mandatoryEverywhere {
			assert.NotRegexp(t, `\bmust\b`, policy.Description, "%s has levels %v", policy.Name, levels)
		}
	}
}
