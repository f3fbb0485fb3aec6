package run

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/secureserverless/framework/policy/report"
)

// YAMLExampleDir is the Pulumi YAML project that declares the component package's Platform, relative
// to the repository root.
const YAMLExampleDir = "examples/yaml-platform"

// YAMLStack is a stack of the YAML example, set up in its own copy of the example's files. Unlike
// Stack, it runs no program inline: it runs the CLI's own commands (stack select, preview, up), so the
// engine starts the YAML language host and the component provider the way it does for a team.
type YAMLStack struct {
	Name string
	// WorkDir is the copy of the example where the CLI runs.
	WorkDir string

	// EventLogDir, when set, keeps each operation's event log (the CLI's --event-log) in this folder
	// and names it in Summary.EventLog. Without it the logs go to a temporary file that is removed.
	EventLogDir string
	// PolicyPackConfig is the policy pack config file passed with --policy-pack-config, or "" for the
	// pack's defaults. OpenYAMLStack sets it to PolicyConfigPath of the stack.
	PolicyPackConfig string

	tools Tools
	env   []string
	// operations counts the operations that wrote an event log, to name the files.
	operations int
}

// CheckYAMLStackName reports an invalid stack name or a stack of the YAML example without a settings
// file, before any build.
func CheckYAMLStackName(paths Paths, stack string) error {
	if !stackNamePattern.MatchString(stack) || strings.Trim(stack, ".") == "" {
		return fmt.Errorf("invalid stack name %q: use letters, digits, '-', '_' and '.' only", stack)
	}
	settings := filepath.Join(paths.RepoDir, YAMLExampleDir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(settings); err != nil {
		return fmt.Errorf("stack %s of the YAML example has no settings file %s: create it, such as a copy of %s",
			stack, settings, filepath.Join(YAMLExampleDir, "Pulumi.dev.yaml"))
	}
	return nil
}

// OpenYAMLStack copies the YAML example's Pulumi.yaml and the stack's settings into a work folder of
// their own, so the tracked files stay clean, and creates or selects the stack there with
// `pulumi stack select --create`. The tools must come from PrepareYAML.
func OpenYAMLStack(ctx context.Context, paths Paths, tools Tools, stack string) (*YAMLStack, error) {
	if err := CheckYAMLStackName(paths, stack); err != nil {
		return nil, err
	}
	exampleDir := filepath.Join(paths.RepoDir, YAMLExampleDir)
	dir := filepath.Join(paths.stacksDir(), filepath.Base(YAMLExampleDir), stack)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating stack folder %s: %w", dir, err)
	}
	if err := copyFile(filepath.Join(exampleDir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml")); err != nil {
		return nil, err
	}
	settings := filepath.Join(exampleDir, "Pulumi."+stack+".yaml")
	if err := copyStackSettings(settings, filepath.Join(dir, "Pulumi."+stack+".yaml")); err != nil {
		return nil, err
	}

	s := &YAMLStack{
		Name:             stack,
		WorkDir:          dir,
		PolicyPackConfig: PolicyConfigPath(paths, stack),
		tools:            tools,
		env:              mergeEnv(os.Environ(), paths.engineEnv()),
	}
	// The CLI (v3.276.0) offers --event-log on preview and up only while debug commands are on, and
	// the Automation API turns them on the same way.
	s.env = mergeEnv(s.env, map[string]string{"PULUMI_DEBUG_COMMANDS": "true"})
	if _, err := s.pulumi(ctx, nil, "stack", "select", "--create", stack); err != nil {
		return nil, fmt.Errorf("selecting stack %s of the YAML example: %w", stack, err)
	}
	return s, nil
}

// pulumi runs the CLI in the stack's folder and returns its standard output. It also writes standard
// output and standard error to out when out is not nil. The error of a failed run contains standard error.
func (s *YAMLStack) pulumi(ctx context.Context, out io.Writer, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(s.tools.CLIRoot, "bin", "pulumi"), args...)
	cmd.Dir = s.WorkDir
	cmd.Env = s.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if out != nil {
		cmd.Stdout = io.MultiWriter(out, &stdout)
		cmd.Stderr = io.MultiWriter(out, &stderr)
	}
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("pulumi %s: %w\n%s", strings.Join(args, " "), err,
			strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// Preview runs `pulumi preview` with the policy pack and returns what the engine reported. A
// mandatory violation returns ErrPolicyViolation along with the summary.
func (s *YAMLStack) Preview(ctx context.Context, out io.Writer) (*Summary, error) {
	return s.operate(ctx, out, "preview")
}

// Up runs `pulumi up --yes` with the policy pack and returns what the engine reported.
func (s *YAMLStack) Up(ctx context.Context, out io.Writer) (*Summary, error) {
	return s.operate(ctx, out, "up", "--yes")
}

// PreviewNoChanges runs `pulumi preview --expect-no-changes` with the policy pack. A preview that plans
// any change returns ErrNotConverged along with the summary.
func (s *YAMLStack) PreviewNoChanges(ctx context.Context, out io.Writer) (*Summary, error) {
	summary, err := s.operate(ctx, out, "preview", "--expect-no-changes")
	if changes := summary.Changes(); changes > 0 {
		return summary, fmt.Errorf("stack %s of the YAML example: %w: %d step(s)", s.Name, ErrNotConverged, changes)
	}
	return summary, err
}

// Cycle runs preview, up and a preview that must plan no changes, printing each summary, and stops at
// the first failure.
func (s *YAMLStack) Cycle(ctx context.Context, out io.Writer) ([]*Summary, error) {
	return runCycle(ctx, out, "stack "+s.Name+" (YAML example)", []cycleStep{
		{"preview", s.Preview},
		{"up", s.Up},
		{"second preview (must plan no changes)", s.PreviewNoChanges},
	})
}

// operate runs one CLI operation with the policy pack and an event log, and builds the summary from
// the log once the CLI has exited.
func (s *YAMLStack) operate(ctx context.Context, out io.Writer, operation string, extra ...string) (*Summary, error) {
	summary := newSummary(operation)
	eventLog, keep, err := s.eventLogPath(operation)
	if err != nil {
		return summary, err
	}
	if !keep {
		defer os.Remove(eventLog)
	}

	args := []string{operation, "--stack", s.Name, "--non-interactive", "--color", "never",
		"--event-log", eventLog, "--policy-pack", s.tools.PolicyPack}
	if s.PolicyPackConfig != "" {
		args = append(args, "--policy-pack-config", s.PolicyPackConfig)
	}
	args = append(args, extra...)
	if out == nil {
		out = io.Discard
	}
	_, runErr := s.pulumi(ctx, out, args...)

	if keep {
		summary.EventLog = eventLog
	}
	log, logErr := report.ReadEventLogFile(eventLog)
	switch {
	case logErr == nil:
		for _, event := range log.Events {
			summary.add(events.EngineEvent{EngineEvent: event})
		}
	case errors.Is(logErr, report.ErrNoEvents) && runErr != nil:
		// The CLI failed before the engine started, such as on an invalid Pulumi.yaml.
	default:
		return summary, errors.Join(runErr, logErr)
	}
	return summary, classify(summary, runErr)
}

// eventLogPath returns the event log file of the next operation and whether to keep it.
func (s *YAMLStack) eventLogPath(operation string) (string, bool, error) {
	if s.EventLogDir == "" {
		file, err := os.CreateTemp(s.WorkDir, operation+"-*.events.jsonl")
		if err != nil {
			return "", false, fmt.Errorf("creating event log in %s: %w", s.WorkDir, err)
		}
		file.Close()
		return file.Name(), false, nil
	}
	if err := os.MkdirAll(s.EventLogDir, 0o755); err != nil {
		return "", false, fmt.Errorf("creating event log folder %s: %w", s.EventLogDir, err)
	}
	s.operations++
	name := fmt.Sprintf("yaml-%s-%d-%s.events.jsonl", s.Name, s.operations, operation)
	return filepath.Join(s.EventLogDir, name), true, nil
}

// SetConfig runs `pulumi config set KEY VALUE` on the stack's work copy of its settings. The next
// OpenYAMLStack copies the tracked settings over it again.
func (s *YAMLStack) SetConfig(ctx context.Context, key, value string) error {
	_, err := s.pulumi(ctx, nil, "config", "set", "--stack", s.Name, key, value)
	return err
}

// Outputs returns the stack outputs from `pulumi stack output --json --show-secrets`.
func (s *YAMLStack) Outputs(ctx context.Context) (map[string]any, error) {
	data, err := s.pulumi(ctx, nil, "stack", "output", "--stack", s.Name, "--json", "--show-secrets")
	if err != nil {
		return nil, err
	}
	outputs := map[string]any{}
	if err := json.Unmarshal(data, &outputs); err != nil {
		return nil, fmt.Errorf("decoding the outputs of stack %s: %w", s.Name, err)
	}
	return outputs, nil
}

// Resources returns the resources in the stack's state, from `pulumi stack export`.
func (s *YAMLStack) Resources(ctx context.Context) ([]apitype.ResourceV3, error) {
	data, err := s.pulumi(ctx, nil, "stack", "export", "--stack", s.Name)
	if err != nil {
		return nil, err
	}
	var exported apitype.UntypedDeployment
	if err := json.Unmarshal(data, &exported); err != nil {
		return nil, fmt.Errorf("decoding the state of stack %s: %w", s.Name, err)
	}
	if len(exported.Deployment) == 0 {
		return nil, nil
	}
	var deployment apitype.DeploymentV3
	if err := json.Unmarshal(exported.Deployment, &deployment); err != nil {
		return nil, fmt.Errorf("decoding the deployment of stack %s: %w", s.Name, err)
	}
	return deployment.Resources, nil
}
