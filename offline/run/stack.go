package run

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/secureserverless/framework/program"
)

// StackOptions select the stack and program variant to run.
type StackOptions struct {
	// Stack names the stack; the run reads Pulumi.<Stack>.yaml from the repository.
	Stack string
	// Variant adds a deliberately non-compliant resource. A variant runs in a stack of its own,
	// "<Stack>-<Variant>", so it never touches the state of the plain stack.
	Variant program.Variant
}

// stackName is the stack the engine sees for these options.
func (o StackOptions) stackName() string {
	if o.Variant == program.VariantNone {
		return o.Stack
	}
	return o.Stack + "-" + string(o.Variant)
}

// Stack is a stack of the offline run, set up in its own copy of the project files.
type Stack struct {
	auto.Stack
	Name    string
	WorkDir string
	tools   Tools
}

// OpenStack copies Pulumi.yaml and the stack's settings into the run's work folder and creates or
// selects the stack there, with the program run inline.
func OpenStack(ctx context.Context, paths Paths, tools Tools, opts StackOptions) (*Stack, error) {
	if opts.Stack == "" {
		return nil, fmt.Errorf("stack name is empty: name a stack that has a Pulumi.<stack>.yaml file")
	}
	name := opts.stackName()
	dir := filepath.Join(paths.stacksDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating stack folder %s: %w", dir, err)
	}
	if err := copyFile(filepath.Join(paths.RepoDir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml")); err != nil {
		return nil, err
	}
	settings := filepath.Join(paths.RepoDir, "Pulumi."+opts.Stack+".yaml")
	if err := copyStackSettings(settings, filepath.Join(dir, "Pulumi."+name+".yaml")); err != nil {
		return nil, err
	}

	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: tools.CLIRoot})
	if err != nil {
		return nil, fmt.Errorf("using the Pulumi CLI in %s: %w", tools.CLIRoot, err)
	}
	fn := program.New(program.Options{
		SourceDir:     paths.RepoDir,
		BuildCacheDir: paths.buildCacheDir(),
		Variant:       opts.Variant,
	})
	workspace, err := auto.NewLocalWorkspace(ctx,
		auto.WorkDir(dir),
		auto.Program(fn),
		auto.Pulumi(cmd),
		auto.PulumiHome(paths.pulumiHome()),
		auto.EnvVars(paths.engineEnv()),
	)
	if err != nil {
		return nil, fmt.Errorf("opening workspace %s: %w", dir, err)
	}
	stack, err := auto.UpsertStack(ctx, name, workspace)
	if err != nil {
		return nil, fmt.Errorf("selecting stack %s: %w", name, err)
	}
	return &Stack{Stack: stack, Name: name, WorkDir: dir, tools: tools}, nil
}

// copyStackSettings copies the tracked stack settings over the work copy but keeps the work copy's
// encryptionsalt, which the first stack setup writes and which the state's secrets depend on.
func copyStackSettings(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("reading stack settings: %w (create it with `pulumi stack init` or copy Pulumi.dev.yaml)", err)
	}
	salt := ""
	if old, err := os.ReadFile(dst); err == nil {
		scanner := bufio.NewScanner(bytes.NewReader(old))
		for scanner.Scan() {
			if strings.HasPrefix(scanner.Text(), "encryptionsalt:") {
				salt = scanner.Text() + "\n"
			}
		}
	}
	if salt != "" && !bytes.Contains(data, []byte("\nencryptionsalt:")) && !bytes.HasPrefix(data, []byte("encryptionsalt:")) {
		data = append([]byte(salt), data...)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return fmt.Errorf("writing stack settings %s: %w", dst, err)
	}
	return nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	return nil
}
