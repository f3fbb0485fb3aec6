package run

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProductionExampleThroughEngine runs the production example settings, with the production pack
// config, through preview, up and a no-change preview: a team that copies them gets a stack that the
// pack lets through.
func TestProductionExampleThroughEngine(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "prod.example", Name: "prod"})
	require.NoError(t, err)
	stack.PolicyPackConfig = filepath.Join(paths.RepoDir, "policy", "config", "prod.json")

	var out bytes.Buffer
	summaries, err := stack.Cycle(ctx, &out)
	require.NoError(t, err, out.String())
	for _, summary := range summaries {
		assert.Empty(t, summary.Mandatory(), "no mandatory violation in %s", summary.Operation)
	}
	types := stateTypes(t, stack)
	assert.Contains(t, types, "aws:acm/certificate:Certificate", "the custom domain gets a certificate")
	assert.Contains(t, types, "aws:backup/plan:Plan")
}
