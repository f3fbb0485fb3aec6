package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/rules"
)

// updateGoldenEnv names the environment variable that makes the test rewrite POLICIES.md instead of
// comparing it: UPDATE_GOLDEN=1 go test ./policy/...
const updateGoldenEnv = "UPDATE_GOLDEN"

// catalogPath is POLICIES.md at the repository root, seen from this package's folder.
var catalogPath = filepath.Join("..", "..", "..", "POLICIES.md")

func TestCatalogUpToDate(t *testing.T) {
	want, err := catalog()
	require.NoError(t, err)

	if os.Getenv(updateGoldenEnv) != "" {
		require.NoError(t, os.WriteFile(catalogPath, want, 0o644))
	}

	got, err := os.ReadFile(catalogPath)
	require.NoError(t, err, "POLICIES.md is missing: run `%s` from the repository root", generator)
	assert.Equal(t, string(want), string(got),
		"POLICIES.md is stale: run `%s` from the repository root, or %s=1 go test ./policy/...",
		generator, updateGoldenEnv)
}

func TestCatalogListsEveryPolicy(t *testing.T) {
	content, err := catalog()
	require.NoError(t, err)

	for _, policy := range rules.All() {
		t.Run(policy.Name, func(t *testing.T) {
			text := string(content)
			assert.Contains(t, text, "\n## "+policy.Name+"\n")
			assert.Contains(t, text, "| ["+policy.Name+"](#"+policy.Name+") |")
			assert.Contains(t, text, "Why: "+policy.Rationale)
			assert.Contains(t, text, "Fix: "+policy.RemediationSteps)
			assert.True(t, strings.Contains(text, policy.Description))
		})
	}
}
