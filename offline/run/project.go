package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

// ProjectOptions select a Go Pulumi project other than the repository's own two, such as one under
// examples/, to run with its program inline.
type ProjectOptions struct {
	// Dir is the project's folder, where Pulumi.yaml and Pulumi.<Stack>.yaml are.
	Dir string
	// Stack names the stack.
	Stack string
	// Program is the project's program.
	Program pulumi.RunFunc
	// PolicyPackConfig is the policy pack config file of the stack, or "" for the pack's defaults.
	PolicyPackConfig string
}

// OpenProjectStack copies the project's Pulumi.yaml and the stack's settings into a work folder of
// their own and creates or selects the stack there. Preview, Up and Cycle run it with the policy pack.
func OpenProjectStack(ctx context.Context, paths Paths, tools Tools, opts ProjectOptions) (*Stack, error) {
	if !stackNamePattern.MatchString(opts.Stack) {
		return nil, fmt.Errorf("invalid stack name %q: use letters, digits, '-', '_' and '.' only", opts.Stack)
	}
	if opts.Program == nil {
		return nil, fmt.Errorf("project %s: no program to run", opts.Dir)
	}
	project, err := projectName(filepath.Join(opts.Dir, "Pulumi.yaml"))
	if err != nil {
		return nil, err
	}
	settings := filepath.Join(opts.Dir, "Pulumi."+opts.Stack+".yaml")
	if _, err := os.Stat(settings); err != nil {
		return nil, fmt.Errorf("stack %s of project %s has no settings file %s", opts.Stack, project, settings)
	}
	dir := filepath.Join(paths.stacksDir(), "projects", project, opts.Stack)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating stack folder %s: %w", dir, err)
	}
	if err := copyFile(filepath.Join(opts.Dir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml")); err != nil {
		return nil, err
	}
	if err := copyStackSettings(settings, filepath.Join(dir, "Pulumi."+opts.Stack+".yaml")); err != nil {
		return nil, err
	}

	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: tools.CLIRoot})
	if err != nil {
		return nil, fmt.Errorf("using the Pulumi CLI in %s: %w", tools.CLIRoot, err)
	}
	workspace, err := auto.NewLocalWorkspace(ctx,
		auto.WorkDir(dir),
		auto.Program(opts.Program),
		auto.Pulumi(cmd),
		auto.PulumiHome(paths.pulumiHome()),
		auto.EnvVars(paths.engineEnv()),
	)
	if err != nil {
		return nil, fmt.Errorf("opening workspace %s: %w", dir, err)
	}
	selected, err := auto.UpsertStack(ctx, opts.Stack, workspace)
	if err != nil {
		return nil, fmt.Errorf("selecting stack %s of project %s: %w", opts.Stack, project, err)
	}
	return &Stack{
		Stack: selected, Name: opts.Stack, WorkDir: dir, tools: tools,
		PolicyPackConfig: opts.PolicyPackConfig,
	}, nil
}

// projectName reads the project name from a Pulumi.yaml.
func projectName(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("reading the project file: %w", err)
	}
	var project struct {
		Name string `yaml:"name"`
	}
	if err := yaml.Unmarshal(data, &project); err != nil {
		return "", fmt.Errorf("parsing %s: %w", file, err)
	}
	if !stackNamePattern.MatchString(project.Name) {
		return "", fmt.Errorf("%s: project name %q is invalid", file, project.Name)
	}
	return project.Name, nil
}
