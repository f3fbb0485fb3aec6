package run

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const distributionType = "aws:cloudfront/distribution:Distribution"

// TestEdgeOnAndOffThroughEngine deploys the dev stack with the edge on, its default, then turns it off
// and on again. Each state passes every mandatory policy and converges: the preview after the update
// plans no change.
func TestEdgeOnAndOffThroughEngine(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)

	steps := []struct {
		name              string
		edgeEnabled       string
		wantDistributions int
	}{
		{name: "edge on", edgeEnabled: "true", wantDistributions: 1},
		{name: "edge off", edgeEnabled: "false", wantDistributions: 0},
		{name: "edge on again", edgeEnabled: "true", wantDistributions: 1},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			setNetworkConfig(t, stack, "edgeEnabled", step.edgeEnabled)

			var out bytes.Buffer
			summaries, err := stack.Cycle(ctx, &out)
			require.NoError(t, err, out.String())
			for _, summary := range summaries {
				assert.Empty(t, summary.Mandatory(), "no mandatory violation in %s", summary.Operation)
			}

			var distributions int
			for _, resource := range stateResources(t, stack) {
				if string(resource.Type) == distributionType {
					distributions++
				}
			}
			assert.Equal(t, step.wantDistributions, distributions)
		})
	}
}
