package run

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	// Name names the engine's stack when it differs from Stack, such as "prod" for the settings of
	// Pulumi.prod.example.yaml. Empty means Stack.
	Name string
	// Instances is the number of platform instances in the program, for benchmarks of stack size (see
	// program.Options.Instances). More than one runs in a stack of its own, "<Stack>-x<Instances>", so
	// it never touches the state of the plain stack.
	Instances int
}

// stackName returns the name of the engine's stack for these options.
func (o StackOptions) stackName() string {
	if o.Name != "" {
		return o.Name
	}
	name := o.Stack
	if o.Variant != program.VariantNone {
		name += "-" + string(o.Variant)
	}
	if o.Instances > 1 {
		name += fmt.Sprintf("-x%d", o.Instances)
	}
	return name
}

// Stack is a stack of the offline run, set up in its own copy of the project files.
type Stack struct {
	auto.Stack
	Name    string
	WorkDir string
	tools   Tools

	// EventLogDir, when set, makes Preview and Up write each operation's engine events to a file in
	// this folder, in the format of the CLI's --event-log, and name it in Summary.EventLog.
	EventLogDir string
	// PolicyPackConfig is the policy pack config file that Preview, Up and AnalyzePolicies pass with
	// --policy-pack-config, or "" for none. OpenStack sets it to PolicyConfigPath.
	PolicyPackConfig string
	// operations counts the operations that wrote an event log, to name the files.
	operations int
}

// stackNamePattern matches the stack names Pulumi accepts, without an organization or project part.
var stackNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

// CheckStackName reports an invalid stack name or a stack without a settings file, before any build.
func CheckStackName(paths Paths, stack string) error {
	if !stackNamePattern.MatchString(stack) || strings.Trim(stack, ".") == "" {
		return fmt.Errorf("invalid stack name %q: use letters, digits, '-', '_' and '.' only", stack)
	}
	settings := filepath.Join(paths.RepoDir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(settings); err != nil {
		return fmt.Errorf("stack %s has no settings file %s: create it with `pulumi stack init %s`, "+
			"or copy Pulumi.dev.yaml or Pulumi.prod.example.yaml", stack, settings, stack)
	}
	return nil
}

// OpenStack copies Pulumi.yaml and the stack's settings into the run's work folder and creates or
// selects the stack there, with the program run inline.
func OpenStack(ctx context.Context, paths Paths, tools Tools, opts StackOptions) (*Stack, error) {
	if err := CheckStackName(paths, opts.Stack); err != nil {
		return nil, err
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
		Instances:     opts.Instances,
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
	return &Stack{
		Stack: stack, Name: name, WorkDir: dir, tools: tools,
		PolicyPackConfig: PolicyConfigPath(paths, opts.Stack),
	}, nil
}

// secretsSettingKeys are the top-level keys of a stack file that belong to its secrets provider. A
// deployment from the repository writes its own into the tracked file. The offline state was set up
// with other ones, so the work copy keeps its own.
var secretsSettingKeys = []string{"encryptionsalt:", "secretsprovider:", "encryptedkey:"}

// copyStackSettings copies the tracked stack settings over the work copy, except the secrets-provider
// keys: those come from the work copy, where the first stack setup of the offline run wrote them.
func copyStackSettings(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("reading stack settings: %w (create the file with `pulumi stack init`, "+
			"or copy Pulumi.dev.yaml or Pulumi.prod.example.yaml)", err)
	}
	var kept, settings []string
	if old, err := os.ReadFile(dst); err == nil {
		kept = secretsSettingLines(old)
	}
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; scanner.Scan(); line++ {
		text := scanner.Text()
		if strings.Contains(text, "secure: ") {
			// The work copy has secrets-provider keys of its own, so it cannot decrypt the stack's secrets.
			return fmt.Errorf("stack settings %s line %d hold a secret, which the offline run cannot decrypt "+
				"because its work copy has its own secrets provider: run the offline run on a stack without "+
				"secrets, such as a copy of the file with the secret settings removed", src, line)
		}
		if !isSecretsSettingLine(text) {
			settings = append(settings, text)
		}
	}
	if err := scanner.Err(); err != nil {
		return fmt.Errorf("reading stack settings %s: %w", src, err)
	}
	out := strings.Join(append(kept, settings...), "\n") + "\n"
	if err := os.WriteFile(dst, []byte(out), 0o644); err != nil {
		return fmt.Errorf("writing stack settings %s: %w", dst, err)
	}
	return nil
}

func secretsSettingLines(data []byte) []string {
	var lines []string
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for scanner.Scan() {
		if isSecretsSettingLine(scanner.Text()) {
			lines = append(lines, scanner.Text())
		}
	}
	return lines
}

func isSecretsSettingLine(line string) bool {
	for _, key := range secretsSettingKeys {
		if strings.HasPrefix(line, key) {
			return true
		}
	}
	return false
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
