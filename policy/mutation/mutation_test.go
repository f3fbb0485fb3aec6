package mutation

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/secureserverless/framework/policy/pack"
	"github.com/secureserverless/framework/policy/rules"
)

// repositoryRoot is the folder of go.mod.
func repositoryRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

var (
	devStackOnce sync.Once
	devStack     *Stack
	devStackErr  error
)

// recordDevStack runs the program once per test binary with the dev stack's settings from
// Pulumi.dev.yaml and returns the registered resources. Callers must Clone before they mutate.
func recordDevStack(t testing.TB) *Stack {
	t.Helper()
	root := repositoryRoot(t)
	devStackOnce.Do(func() {
		devStack, devStackErr = RecordDevStack(root)
	})
	require.NoError(t, devStackErr)
	return devStack
}

// devServer returns the pack's server configured as `make preview` configures it for the dev stack:
// policy/config/dev.json, plus the given profiles.
func devServer(t testing.TB, profiles ...pack.Profile) *pack.Server {
	t.Helper()
	p, err := rules.NewPack()
	require.NoError(t, err)
	server := pack.NewServer(p)

	ctx := context.Background()
	info, err := server.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	config, err := PackConfig(filepath.Join(repositoryRoot(t), "policy", "config", "dev.json"), info)
	require.NoError(t, err)
	if len(profiles) > 0 {
		settings := config[pack.SettingsKey].GetProperties().AsMap()
		names := make([]any, len(profiles))
		for i, profile := range profiles {
			names[i] = string(profile)
		}
		settings["profiles"] = names
		properties, err := structpb.NewStruct(settings)
		require.NoError(t, err)
		config[pack.SettingsKey].Properties = properties
	}
	_, err = server.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: config})
	require.NoError(t, err)
	return server
}

// findingKey identifies a finding across two evaluations.
func findingKey(f Finding) string {
	return f.Policy + "\x00" + f.URN + "\x00" + f.Message
}

func TestDevStackPassesPack(t *testing.T) {
	stack := recordDevStack(t)
	require.Greater(t, len(stack.Resources), 100, "the dev stack registers the whole platform")

	findings, err := Evaluate(context.Background(), devServer(t), stack)
	require.NoError(t, err)
	for _, finding := range findings {
		assert.NotEqual(t, pulumirpc.EnforcementLevel_MANDATORY, finding.Level,
			"unmutated dev stack: %s on %s: %s", finding.Policy, finding.URN, finding.Message)
	}
}

// TestMutationScore weakens each default of Defaults in a copy of the dev stack. A default counts
// as caught when the pack reports a finding that the unmutated stack does not have. For a
// non-waivable default, that finding must be mandatory and come from a non-waivable policy. The
// test prints the score and fails below 100%.
func TestMutationScore(t *testing.T) {
	stack := recordDevStack(t)
	ctx := context.Background()

	p, err := rules.NewPack()
	require.NoError(t, err)
	servers := map[pack.Profile]*pack.Server{"": devServer(t)}
	baselines := map[pack.Profile]map[string]bool{}
	defaults := Defaults()
	require.NotEmpty(t, defaults)

	caught := 0
	var missed []string
	for _, def := range defaults {
		server, ok := servers[def.Profile]
		if !ok {
			server = devServer(t, def.Profile)
			servers[def.Profile] = server
		}
		if baselines[def.Profile] == nil {
			findings, err := Evaluate(ctx, server, stack)
			require.NoError(t, err)
			baselines[def.Profile] = map[string]bool{}
			for _, finding := range findings {
				baselines[def.Profile][findingKey(finding)] = true
			}
		}

		mutated := stack.Clone()
		changed, err := def.Mutate(mutated)
		require.NoError(t, err, def.Name)
		require.Positive(t, changed, "%s: the mutation matched no resource of the dev stack", def.Name)

		findings, err := Evaluate(ctx, server, mutated)
		require.NoError(t, err, def.Name)
		var reportedBy []string
		for _, finding := range findings {
			if baselines[def.Profile][findingKey(finding)] {
				continue
			}
			policy, ok := p.Policy(finding.Policy)
			require.True(t, ok, "finding of unknown policy %q", finding.Policy)
			if def.NonWaivable && (finding.Level != pulumirpc.EnforcementLevel_MANDATORY || policy.Waivable) {
				continue
			}
			reportedBy = append(reportedBy, fmt.Sprintf("%s (%s)", finding.Policy, strings.ToLower(finding.Level.String())))
		}

		if len(reportedBy) == 0 {
			missed = append(missed, def.Name)
			t.Logf("MISSED  %s", def.Name)
			continue
		}
		caught++
		t.Logf("caught  %s: %s", def.Name, strings.Join(unique(reportedBy), ", "))
	}

	score := 100 * float64(caught) / float64(len(defaults))
	fmt.Printf("mutation score: %d of %d security defaults caught (%.1f%%)\n", caught, len(defaults), score)
	assert.Empty(t, missed, "weakened defaults that no policy reports")
	assert.Equal(t, len(defaults), caught, "mutation score %.1f%%, expected 100%%", score)
}

// TestMutationsChangeOnlyCopies checks that a mutation leaves the recorded stack as it was, so that
// one mutant cannot leak into the next.
func TestMutationsChangeOnlyCopies(t *testing.T) {
	stack := recordDevStack(t)
	before, err := AnalyzeStackRequest(stack)
	require.NoError(t, err)

	for _, def := range Defaults() {
		_, err := def.Mutate(stack.Clone())
		require.NoError(t, err, def.Name)
	}

	after, err := AnalyzeStackRequest(stack)
	require.NoError(t, err)
	assert.Equal(t, before.String(), after.String())
}

func unique(values []string) []string {
	seen := map[string]bool{}
	var kept []string
	for _, value := range values {
		if !seen[value] {
			seen[value] = true
			kept = append(kept, value)
		}
	}
	return kept
}
