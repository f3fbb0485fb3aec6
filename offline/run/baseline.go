package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	baselineprogram "github.com/secureserverless/framework/baseline/program"
)

// BaselineDir is the folder of the account baseline project, relative to the repository root.
const BaselineDir = "baseline"

// baselinePolicyConfigPrefix starts the name of a baseline stack's policy pack config,
// policy/config/baseline-<stack>.json, so the baseline's exceptions stay apart from the app's.
const baselinePolicyConfigPrefix = "baseline-"

// CheckBaselineStackName reports an invalid stack name or a baseline stack without a settings file
// baseline/Pulumi.<stack>.yaml, before any build.
func CheckBaselineStackName(paths Paths, stack string) error {
	if !stackNamePattern.MatchString(stack) || strings.Trim(stack, ".") == "" {
		return fmt.Errorf("invalid stack name %q: use letters, digits, '-', '_' and '.' only", stack)
	}
	settings := filepath.Join(paths.RepoDir, BaselineDir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(settings); err != nil {
		return fmt.Errorf("baseline stack %s has no settings file %s: create it with `pulumi stack init %s` in %s, "+
			"or copy %s", stack, settings, stack, BaselineDir, filepath.Join(BaselineDir, "Pulumi.dev.yaml"))
	}
	return nil
}

// OpenBaselineStack copies baseline/Pulumi.yaml and the stack's settings into a work folder of their own
// and creates or selects the stack there, with the baseline program run inline. The engine keeps the
// stack under the baseline's project, apart from the app's stack of the same name. Preview, Up and Cycle
// run it with the policy pack, and policy/config/baseline-<stack>.json as its config when that exists.
func OpenBaselineStack(ctx context.Context, paths Paths, tools Tools, stack string) (*Stack, error) {
	if err := CheckBaselineStackName(paths, stack); err != nil {
		return nil, err
	}
	projectDir := filepath.Join(paths.RepoDir, BaselineDir)
	dir := filepath.Join(paths.stacksDir(), BaselineDir, stack)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating stack folder %s: %w", dir, err)
	}
	if err := copyFile(filepath.Join(projectDir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml")); err != nil {
		return nil, err
	}
	settings := filepath.Join(projectDir, "Pulumi."+stack+".yaml")
	if err := copyStackSettings(settings, filepath.Join(dir, "Pulumi."+stack+".yaml")); err != nil {
		return nil, err
	}

	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: tools.CLIRoot})
	if err != nil {
		return nil, fmt.Errorf("using the Pulumi CLI in %s: %w", tools.CLIRoot, err)
	}
	workspace, err := auto.NewLocalWorkspace(ctx,
		auto.WorkDir(dir),
		auto.Program(baselineprogram.New(baselineprogram.Options{ProjectDir: projectDir})),
		auto.Pulumi(cmd),
		auto.PulumiHome(paths.pulumiHome()),
		auto.EnvVars(paths.engineEnv()),
	)
	if err != nil {
		return nil, fmt.Errorf("opening workspace %s: %w", dir, err)
	}
	selected, err := auto.UpsertStack(ctx, stack, workspace)
	if err != nil {
		return nil, fmt.Errorf("selecting baseline stack %s: %w", stack, err)
	}
	return &Stack{
		Stack: selected, Name: stack, WorkDir: dir, tools: tools,
		PolicyPackConfig: PolicyConfigPath(paths, baselinePolicyConfigPrefix+stack),
	}, nil
}
