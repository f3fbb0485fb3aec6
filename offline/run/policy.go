package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// PolicyConfigPath returns the tracked policy pack config of a stack, policy/config/<stack>.json in
// the repository, or "" when the stack has none. The file holds the stack's exceptions and profiles
// in the format of `pulumi preview --policy-pack-config`.
func PolicyConfigPath(paths Paths, stack string) string {
	path := filepath.Join(paths.RepoDir, "policy", "config", stack+".json")
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// policyPackConfigs returns the config files to pass along with the policy pack: none, or the one in
// PolicyPackConfig.
func (s *Stack) policyPackConfigs() []string {
	if s.PolicyPackConfig == "" {
		return nil
	}
	return []string{s.PolicyPackConfig}
}

// analyzeViolationMessage is the error that `pulumi policy analyze` (v3.276.0) prints when it exits
// non-zero because of a mandatory violation.
const analyzeViolationMessage = "one or more mandatory policy violations were found"

// AnalyzePolicies runs `pulumi policy analyze --stack NAME --policy-pack BIN` on the stack's current
// state, with PolicyPackConfig when it is set, and writes the CLI's output to out. A mandatory
// violation returns an error that wraps ErrPolicyViolation.
func (s *Stack) AnalyzePolicies(ctx context.Context, out io.Writer) error {
	args := []string{"policy", "analyze", "--stack", s.Name, "--policy-pack", s.tools.PolicyPack}
	for _, config := range s.policyPackConfigs() {
		args = append(args, "--policy-pack-config", config)
	}

	cmd := exec.CommandContext(ctx, filepath.Join(s.tools.CLIRoot, "bin", "pulumi"), args...)
	cmd.Dir = s.WorkDir
	cmd.Env = mergeEnv(os.Environ(), s.Workspace().GetEnvVars())
	var output bytes.Buffer
	cmd.Stdout = io.MultiWriter(out, &output)
	cmd.Stderr = io.MultiWriter(out, &output)

	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exitErr) && strings.Contains(output.String(), analyzeViolationMessage):
		return fmt.Errorf("policy analyze of stack %s: %w", s.Name, ErrPolicyViolation)
	default:
		return fmt.Errorf("policy analyze of stack %s failed: %w", s.Name, err)
	}
}
