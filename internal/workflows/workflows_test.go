// Package workflows tests the GitHub Actions workflows in .github/workflows and the Dependabot
// configuration: actionlint finds nothing in them, and the make targets, offline-run flags, report paths,
// versions and folders they name exist in this repository, so a rename breaks this test rather than CI.
package workflows

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/secureserverless/framework/offline/run"
)

// actionlintModule is the module that tools/actionlint pins.
const actionlintModule = "github.com/rhysd/actionlint v1.7.12"

// workflow is the part of a workflow file that the checks read.
type workflow struct {
	path        string
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]job    `yaml:"jobs"`
}

type job struct {
	If          string            `yaml:"if"`
	Environment string            `yaml:"environment"`
	Permissions map[string]string `yaml:"permissions"`
	Steps       []step            `yaml:"steps"`
}

type step struct {
	Name string         `yaml:"name"`
	Uses string         `yaml:"uses"`
	Run  string         `yaml:"run"`
	With map[string]any `yaml:"with"`
}

// input returns the with input of the step as text, "" when absent.
func (s step) input(name string) string {
	value, ok := s.With[name]
	if !ok {
		return ""
	}
	return fmt.Sprint(value)
}

// repoRoot returns the repository root, two folders above this file.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// workflowFiles returns the workflow files of the repository, failing when there are none.
func workflowFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"*.yml", "*.yaml"} {
		matches, err := filepath.Glob(filepath.Join(root, ".github", "workflows", pattern))
		require.NoError(t, err)
		files = append(files, matches...)
	}
	require.NotEmpty(t, files, "no workflow in .github/workflows")
	return files
}

// loadWorkflows parses every workflow file.
func loadWorkflows(t *testing.T, root string) []workflow {
	t.Helper()
	var workflows []workflow
	for _, file := range workflowFiles(t, root) {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var w workflow
		require.NoError(t, yaml.Unmarshal(data, &w), file)
		w.path = file
		workflows = append(workflows, w)
	}
	return workflows
}

var (
	actionlintOnce   sync.Once
	actionlintBinary string
	actionlintErr    error
)

// buildActionlint builds actionlint from tools/actionlint into a temporary folder once per test binary.
// Go's build cache makes builds after the first take about a second.
func buildActionlint(t *testing.T, root string) string {
	t.Helper()
	moduleDir := filepath.Join(root, "tools", "actionlint")
	goMod, err := os.ReadFile(filepath.Join(moduleDir, "go.mod"))
	require.NoError(t, err)
	require.Contains(t, string(goMod), actionlintModule, "tools/actionlint pins actionlint")

	actionlintOnce.Do(func() {
		dir, err := os.MkdirTemp("", "actionlint-")
		if err != nil {
			actionlintErr = err
			return
		}
		actionlintBinary = filepath.Join(dir, "actionlint")
		cmd := exec.Command("go", "build", "-o", actionlintBinary, "github.com/rhysd/actionlint/cmd/actionlint")
		cmd.Dir = moduleDir
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			actionlintErr = fmt.Errorf("building actionlint in %s: %w\n%s", moduleDir, err, out)
		}
	})
	require.NoError(t, actionlintErr)
	return actionlintBinary
}

func TestMain(m *testing.M) {
	code := m.Run()
	if actionlintBinary != "" {
		_ = os.RemoveAll(filepath.Dir(actionlintBinary))
	}
	os.Exit(code)
}

// runActionlint runs actionlint on the files from dir and returns its output and exit code: 0 without
// findings, 1 with findings, 2 or 3 when it failed. shellcheck and pyflakes stay off, so the result
// does not depend on what the machine has installed.
// NOTE: the run: scripts are therefore not checked by shellcheck.
func runActionlint(t *testing.T, binary, dir string, files ...string) (string, int) {
	t.Helper()
	args := append([]string{"-no-color", "-shellcheck=", "-pyflakes="}, files...)
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return string(out), exit.ExitCode()
	}
	require.NoError(t, err, "running actionlint")
	return string(out), 0
}

func TestWorkflowsPassActionlint(t *testing.T) {
	root := repoRoot(t)
	binary := buildActionlint(t, root)

	out, code := runActionlint(t, binary, root, workflowFiles(t, root)...)

	assert.Equal(t, 0, code, "actionlint findings:\n%s", out)
	assert.Empty(t, strings.TrimSpace(out))
}

// A broken copy of the pull-request workflow must make actionlint report, so the check above can fail.
func TestActionlintReportsBrokenWorkflow(t *testing.T) {
	root := repoRoot(t)
	binary := buildActionlint(t, root)
	original, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "pull-request.yml"))
	require.NoError(t, err)

	tests := []struct {
		name, old, new, finding string
	}{
		{"invalid permission", "id-token: write", "id-token: writ", "writ"},
		{"expression syntax", "${{ vars.PULUMI_STACK || 'dev' }}", "${{ vars.PULUMI_STACK || }}", "expression"},
		{"job needs a missing job", "  govulncheck:\n    name: govulncheck\n",
			"  govulncheck:\n    name: govulncheck\n    needs: [lint]\n", `"lint"`},
		{"unknown runner", "runs-on: ubuntu-latest", "runs-on: ubuntu-lastest", "ubuntu-lastest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, strings.Contains(string(original), tt.old),
				"pull-request.yml no longer contains %q; update the broken copy", tt.old)
			dir := t.TempDir()
			workflows := filepath.Join(dir, ".github", "workflows")
			require.NoError(t, os.MkdirAll(workflows, 0o755))
			broken := strings.Replace(string(original), tt.old, tt.new, 1)
			require.NoError(t, os.WriteFile(filepath.Join(workflows, "pull-request.yml"), []byte(broken), 0o644))

			out, code := runActionlint(t, binary, dir, filepath.Join(".github", "workflows", "pull-request.yml"))

			assert.Equal(t, 1, code, "actionlint output:\n%s", out)
			assert.Contains(t, out, tt.finding)
		})
	}
}

// makeTargets returns the targets that the Makefile defines.
func makeTargets(t *testing.T, root string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "Makefile"))
	require.NoError(t, err)
	targets := map[string]string{}
	target := ""
	for _, line := range strings.Split(string(data), "\n") {
		if m := regexp.MustCompile(`^([A-Za-z][\w-]*):([^=]|$)`).FindStringSubmatch(line); m != nil {
			target = m[1]
			targets[target] = ""
			continue
		}
		if strings.HasPrefix(line, "\t") && target != "" {
			targets[target] += strings.TrimSpace(line) + "\n"
			continue
		}
		target = ""
	}
	return targets
}

// offlineFlags returns the flag names that offline/cmd/offline defines with flags.String, flags.Int
// or flags.Bool.
func offlineFlags(t *testing.T, root string) []string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, "offline", "cmd", "offline", "main.go"), nil, 0)
	require.NoError(t, err)
	var names []string
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		selector, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !slices.Contains([]string{"String", "Int", "Bool"}, selector.Sel.Name) {
			return true
		}
		if receiver, ok := selector.X.(*ast.Ident); !ok || receiver.Name != "flags" {
			return true
		}
		if literal, ok := call.Args[0].(*ast.BasicLit); ok && literal.Kind == token.STRING {
			name, err := strconv.Unquote(literal.Value)
			require.NoError(t, err)
			names = append(names, name)
		}
		return true
	})
	require.NotEmpty(t, names, "no flags found in offline/cmd/offline/main.go")
	return names
}

// makeCall matches `make TARGET VAR=VALUE ...` at the start of a script line.
var makeCall = regexp.MustCompile(`(?m)^\s*make\s+([\w-]+)((?:\s+\w+=\S+)*)\s*$`)

// checkCommands returns an error for each command of the workflows that the repository does not have:
// make targets, their variables, scripts, stacks and the offline command's flags behind make offline.
func checkCommands(root string, targets map[string]string, flags []string, workflows []workflow) []error {
	var errs []error
	for _, w := range workflows {
		for jobName, j := range w.Jobs {
			for _, s := range j.Steps {
				where := fmt.Sprintf("%s job %s step %q", filepath.Base(w.path), jobName, s.Name)
				for _, m := range makeCall.FindAllStringSubmatch(s.Run, -1) {
					errs = append(errs, checkMakeCall(root, targets, flags, where, m[1], strings.Fields(m[2]))...)
				}
				for _, line := range strings.Split(s.Run, "\n") {
					script := strings.Fields(line)
					if len(script) == 0 || !strings.HasPrefix(script[0], ".") || !strings.Contains(script[0], "/") {
						continue
					}
					info, err := os.Stat(filepath.Join(root, script[0]))
					if err != nil || info.Mode()&0o111 == 0 {
						errs = append(errs, fmt.Errorf("%s runs %s, which is not an executable file", where, script[0]))
					}
				}
			}
		}
	}
	return errs
}

// checkMakeCall checks one `make TARGET VAR=VALUE` call.
func checkMakeCall(root string, targets map[string]string, flags []string, where, target string, assignments []string,
) []error {
	recipe, ok := targets[target]
	if !ok {
		return []error{fmt.Errorf("%s runs make %s, which the Makefile does not define", where, target)}
	}
	var errs []error
	for _, assignment := range assignments {
		variable, value, _ := strings.Cut(assignment, "=")
		if !strings.Contains(recipe, "$("+variable+")") {
			errs = append(errs, fmt.Errorf("%s sets %s, which the recipe of make %s does not use", where, variable, target))
		}
		if variable == "STACK" {
			if _, err := os.Stat(filepath.Join(root, "Pulumi."+value+".yaml")); err != nil {
				errs = append(errs, fmt.Errorf("%s runs stack %s, which has no Pulumi.%s.yaml", where, value, value))
			}
		}
	}
	for _, m := range regexp.MustCompile(`\./offline/cmd/offline((?:\s+-[\w-]+(?:\s+[^-\s]\S*)?)*)`).FindAllStringSubmatch(recipe, -1) {
		for _, flag := range regexp.MustCompile(`\s-([\w-]+)`).FindAllStringSubmatch(m[1], -1) {
			if !slices.Contains(flags, flag[1]) {
				errs = append(errs, fmt.Errorf("make %s (run by %s) passes -%s, which the offline command does not define",
					target, where, flag[1]))
			}
		}
	}
	return errs
}

func TestWorkflowCommandsExist(t *testing.T) {
	root := repoRoot(t)
	targets := makeTargets(t, root)
	flags := offlineFlags(t, root)
	workflows := loadWorkflows(t, root)

	assert.Empty(t, checkCommands(root, targets, flags, workflows))

	var calls []string
	for _, w := range workflows {
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				for _, m := range makeCall.FindAllStringSubmatch(s.Run, -1) {
					calls = append(calls, m[1])
				}
			}
		}
	}
	assert.Contains(t, calls, "offline", "the pull-request workflow falls back to make offline")
	assert.Contains(t, targets, "lint", ".ci/run runs make lint")
	assert.Contains(t, targets, "test", ".ci/run runs make test")
}

// The command checks must fail on a renamed target, an unknown variable, a missing stack, a flag the
// offline command dropped and a missing script.
func TestCommandCheckReportsMissingCommands(t *testing.T) {
	root := repoRoot(t)
	targets := makeTargets(t, root)
	flags := offlineFlags(t, root)

	tests := []struct {
		name    string
		script  string
		targets map[string]string
		flags   []string
		message string
	}{
		{"renamed target", "make offline-run STACK=dev", targets, flags, "runs make offline-run, which the Makefile does not define"},
		{"unknown variable", "make offline STAK=dev", targets, flags, "sets STAK, which the recipe of make offline does not use"},
		{"missing stack", "make offline STACK=staging", targets, flags, "runs stack staging, which has no Pulumi.staging.yaml"},
		{"dropped flag", "make offline STACK=dev", targets, slices.DeleteFunc(slices.Clone(flags),
			func(f string) bool { return f == "stack" }), "passes -stack, which the offline command does not define"},
		{"missing script", ".ci/check", targets, flags, "runs .ci/check, which is not an executable file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := workflow{path: "broken.yml", Jobs: map[string]job{"j": {Steps: []step{{Name: "s", Run: tt.script}}}}}

			errs := checkCommands(root, tt.targets, tt.flags, []workflow{w})

			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), tt.message)
		})
	}
}

// The fallback job reads the reports where the offline command writes them for the dev stack:
// <work>/reports/<stack>/<stack>-<n>-<operation>.{md,sarif}, with the default work folder .offline.
func TestWorkflowReportPaths(t *testing.T) {
	root := repoRoot(t)
	paths, err := run.NewPaths(root, filepath.Join(root, ".offline"))
	require.NoError(t, err)
	reports, err := filepath.Rel(root, filepath.Join(paths.ReportsDir(), "dev"))
	require.NoError(t, err)
	firstPreview := filepath.ToSlash(filepath.Join(reports, "dev-1-preview"))

	// The file names come from code that this package cannot call, so the test checks its text.
	// NOTE: the name of the stack's folder (the stack's name for the app project) is not checked.
	eventLog, err := os.ReadFile(filepath.Join(root, "offline", "run", "eventlog.go"))
	require.NoError(t, err)
	assert.Contains(t, string(eventLog), `fmt.Sprintf("%s-%d-%s.events.jsonl", s.Name, s.operations, operation)`)
	command, err := os.ReadFile(filepath.Join(root, "offline", "cmd", "offline", "main.go"))
	require.NoError(t, err)
	assert.Contains(t, string(command), `strings.TrimSuffix(summary.EventLog, ".events.jsonl")`)
	assert.Contains(t, string(command), `SARIF: base + ".sarif", Markdown: base + ".md"`)
	assert.Contains(t, string(command), `paths.ReportsDir()`)

	var sarif, markdown []string
	for _, w := range loadWorkflows(t, root) {
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
					sarif = append(sarif, s.input("sarif_file"))
				}
				if strings.Contains(s.Run, "GITHUB_STEP_SUMMARY") {
					markdown = append(markdown, s.Run)
				}
			}
		}
	}
	assert.Equal(t, []string{firstPreview + ".sarif"}, sarif)
	require.Len(t, markdown, 1)
	assert.Contains(t, markdown[0], filepath.ToSlash(reports)+"/dev-*.md")
}

// usesLine matches a uses: line with its ref and version comment.
var usesLine = regexp.MustCompile(`^\s*(?:-\s+)?uses:\s+([^@\s]+)@(\S+)(?:\s+#\s*(\S+))?\s*$`)

func TestWorkflowActionsPinned(t *testing.T) {
	root := repoRoot(t)
	count := 0
	for _, file := range workflowFiles(t, root) {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		for i, line := range strings.Split(string(data), "\n") {
			m := usesLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			count++
			where := fmt.Sprintf("%s:%d %s", filepath.Base(file), i+1, m[1])
			assert.Regexp(t, `^[0-9a-f]{40}$`, m[2], "%s is pinned to a commit SHA", where)
			assert.Regexp(t, `^v\d+\.\d+\.\d+$`, m[3], "%s names its version in a comment", where)
		}
	}
	assert.Positive(t, count)
}

func TestWorkflowPermissionsMinimal(t *testing.T) {
	for _, w := range loadWorkflows(t, repoRoot(t)) {
		name := filepath.Base(w.path)
		assert.NotNil(t, w.Permissions, "%s sets top-level permissions: {}", name)
		assert.Empty(t, w.Permissions, "%s grants nothing at the top level", name)
		for jobName, j := range w.Jobs {
			require.NotNil(t, j.Permissions, "%s job %s sets its permissions", name, jobName)
			assert.Equal(t, "read", j.Permissions["contents"], "%s job %s", name, jobName)
			assumesRole := slices.ContainsFunc(j.Steps, func(s step) bool {
				return strings.HasPrefix(s.Uses, "aws-actions/configure-aws-credentials@")
			})
			if assumesRole {
				assert.Equal(t, "write", j.Permissions["id-token"], "%s job %s requests an OIDC token", name, jobName)
			} else {
				assert.NotContains(t, j.Permissions, "id-token", "%s job %s assumes no role", name, jobName)
			}
			for _, s := range j.Steps {
				if !strings.HasPrefix(s.Uses, "aws-actions/configure-aws-credentials@") {
					continue
				}
				assert.Contains(t, s.input("role-to-assume"), "vars.AWS_", "%s job %s assumes a role with OIDC", name, jobName)
				assert.Empty(t, s.input("aws-access-key-id"), "%s job %s uses no stored key", name, jobName)
			}
		}
	}
}

// Neither workflow creates stacks: the deploy workflow's header names creating the stack as a
// prerequisite, and a stack that upsert creates would get the passphrase secrets provider.
func TestWorkflowsCreateNoStack(t *testing.T) {
	root := repoRoot(t)
	steps := 0
	for _, w := range loadWorkflows(t, root) {
		for jobName, j := range w.Jobs {
			for _, s := range j.Steps {
				if !strings.HasPrefix(s.Uses, "pulumi/actions@") {
					continue
				}
				steps++
				assert.NotContains(t, []string{"true", "True"}, s.input("upsert"), "%s job %s", filepath.Base(w.path), jobName)
				assert.Empty(t, s.input("secrets-provider"), "%s job %s", filepath.Base(w.path), jobName)
			}
		}
	}
	assert.Positive(t, steps)

	deploy, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "deploy.yml"))
	require.NoError(t, err)
	assert.Contains(t, string(deploy), "pulumi stack init STACK --secrets-provider=")
	for _, name := range []string{"deploy.yml", "pull-request.yml"} {
		data, err := os.ReadFile(filepath.Join(root, ".github", "workflows", name))
		require.NoError(t, err)
		assert.Contains(t, string(data), "# NOTE: CI", "%s says which stacks CI previews", name)
	}
}

// Each Pulumi step installs the CLI version the offline run builds, which matches the SDK in go.mod,
// previews or updates with the policy pack, and targets a stack that has a policy pack folder.
func TestWorkflowPulumiSteps(t *testing.T) {
	root := repoRoot(t)
	_, err := os.Stat(filepath.Join(root, "policy", "PulumiPolicy.yaml"))
	require.NoError(t, err)

	commands := map[string][]string{}
	for _, w := range loadWorkflows(t, root) {
		for jobName, j := range w.Jobs {
			for _, s := range j.Steps {
				if !strings.HasPrefix(s.Uses, "pulumi/actions@") {
					continue
				}
				where := fmt.Sprintf("%s job %s", filepath.Base(w.path), jobName)
				commands[filepath.Base(w.path)] = append(commands[filepath.Base(w.path)], s.input("command"))
				assert.Equal(t, run.CLIVersion, s.input("pulumi-version"), where)
				assert.Equal(t, "./policy", s.input("policyPacks"), where)
				assert.Equal(t, "${{ steps.policy.outputs.config }}", s.input("policyPackConfigs"), where)
				assert.Equal(t, "${{ env.STACK }}", s.input("stack-name"), where)
			}
		}
	}
	assert.Equal(t, []string{"preview"}, commands["pull-request.yml"])
	assert.Equal(t, []string{"preview", "up"}, commands["deploy.yml"], "up runs after a preview with the pack")
}

// The preview and the offline fallback split pull requests between them: one runs for a pull request
// from this repository with the role and backend set, the other for forks and without them.
func TestPullRequestJobsSplitOnForks(t *testing.T) {
	root := repoRoot(t)
	var pullRequest workflow
	for _, w := range loadWorkflows(t, root) {
		if filepath.Base(w.path) == "pull-request.yml" {
			pullRequest = w
		}
	}
	require.NotNil(t, pullRequest.Jobs, "pull-request.yml is missing")

	preview, offline := pullRequest.Jobs["preview"], pullRequest.Jobs["offline"]
	fromRepository := "github.event.pull_request.head.repo.full_name == github.repository"
	assert.Contains(t, preview.If, fromRepository)
	assert.Contains(t, preview.If, "vars.AWS_PREVIEW_ROLE_ARN != ''")
	assert.Contains(t, offline.If, "github.event.pull_request.head.repo.full_name != github.repository")
	assert.Contains(t, offline.If, "vars.AWS_PREVIEW_ROLE_ARN == ''")
	assert.Contains(t, preview.If, "github.actor != 'dependabot[bot]'")
	assert.Contains(t, offline.If, "github.actor == 'dependabot[bot]'")
	assert.Empty(t, preview.Environment, "an environment would replace the pull_request sub claim")
	assert.Equal(t, "write", offline.Permissions["security-events"], "the offline job uploads SARIF")
	assert.Contains(t, pullRequest.Jobs, "govulncheck")
	assert.Contains(t, pullRequest.Jobs, "test")

	baseline, err := os.ReadFile(filepath.Join(root, "baseline", "Pulumi.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(baseline), "AWS_PREVIEW_ROLE_ARN", "the baseline names the variable of its output")
	assert.Contains(t, string(baseline), "AWS_DEPLOY_ROLE_ARN")
}

// pullRequestContext returns the expression values of a pull request: from this repository or a fork,
// opened by actor, with or without the preview role and backend variables.
func pullRequestContext(fork bool, actor string, variablesSet bool) map[string]string {
	values := map[string]string{
		"github.repository":                             "owner/framework",
		"github.event.pull_request.head.repo.full_name": "owner/framework",
		"github.actor":                                  actor,
		"vars.AWS_PREVIEW_ROLE_ARN":                     "",
		"vars.PULUMI_BACKEND_URL":                       "",
	}
	if fork {
		values["github.event.pull_request.head.repo.full_name"] = "someone/framework"
	}
	if variablesSet {
		values["vars.AWS_PREVIEW_ROLE_ARN"] = "arn:aws:iam::123456789012:role/preview"
		values["vars.PULUMI_BACKEND_URL"] = "s3://state/prefix"
	}
	return values
}

// Exactly one of the preview and the offline job runs for each kind of pull request, and Dependabot's
// pull requests, whose runs get no Actions secrets, go to the offline job.
func TestPullRequestJobsRouteEachPullRequest(t *testing.T) {
	var pullRequest workflow
	for _, w := range loadWorkflows(t, repoRoot(t)) {
		if filepath.Base(w.path) == "pull-request.yml" {
			pullRequest = w
		}
	}
	require.NotNil(t, pullRequest.Jobs, "pull-request.yml is missing")

	tests := []struct {
		name         string
		fork         bool
		actor        string
		variablesSet bool
		wantPreview  bool
	}{
		{"repository branch", false, "octocat", true, true},
		{"repository branch without variables", false, "octocat", false, false},
		{"fork", true, "octocat", true, false},
		{"dependabot", false, "dependabot[bot]", true, false},
		{"dependabot without variables", false, "dependabot[bot]", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := pullRequestContext(tt.fork, tt.actor, tt.variablesSet)

			preview, err := evaluateCondition(pullRequest.Jobs["preview"].If, values)
			require.NoError(t, err)
			offline, err := evaluateCondition(pullRequest.Jobs["offline"].If, values)
			require.NoError(t, err)

			assert.Equal(t, tt.wantPreview, preview, "preview job runs")
			assert.Equal(t, !tt.wantPreview, offline, "offline job runs")
		})
	}
}

// The evaluator behind the routing test must read the operators the job conditions use.
func TestEvaluateCondition(t *testing.T) {
	values := map[string]string{"a": "x", "b": "", "c": "y"}
	tests := []struct {
		expression string
		want       bool
	}{
		{"a == 'x'", true},
		{"a != 'x'", false},
		{"b == '' || a == 'z'", true},
		{"a == 'x' && b != ''", false},
		{"(a == 'z' || c == 'y') && b == ''", true},
		{"a == 'X'", true}, // GitHub compares strings case-insensitively.
		{"a == 'z' || a == 'y' && c == 'y'", false},
	}
	for _, tt := range tests {
		got, err := evaluateCondition(tt.expression, values)
		require.NoError(t, err, tt.expression)
		assert.Equal(t, tt.want, got, tt.expression)
	}

	_, err := evaluateCondition("a == 'x' &&", values)
	assert.Error(t, err, "missing operand")
	_, err = evaluateCondition("missing.name == ''", values)
	assert.ErrorContains(t, err, "missing.name")
}

func TestGovulncheckPinned(t *testing.T) {
	var versions []string
	for _, w := range loadWorkflows(t, repoRoot(t)) {
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				for _, m := range regexp.MustCompile(`golang\.org/x/vuln/cmd/govulncheck@(\S+)`).FindAllStringSubmatch(s.Run, -1) {
					versions = append(versions, m[1])
				}
			}
		}
	}
	require.NotEmpty(t, versions, "no workflow runs govulncheck")
	for _, version := range versions {
		assert.Regexp(t, `^v\d+\.\d+\.\d+$`, version, "govulncheck is pinned to an exact version")
	}
	assert.Len(t, slices.Compact(slices.Sorted(slices.Values(versions))), 1, "one govulncheck version")
}

// dependabot is the part of .github/dependabot.yml that the checks read.
type dependabot struct {
	Version int `yaml:"version"`
	Updates []struct {
		Ecosystem   string   `yaml:"package-ecosystem"`
		Directory   string   `yaml:"directory"`
		Directories []string `yaml:"directories"`
	} `yaml:"updates"`
}

// manifestDirs returns the folders, as Dependabot writes them ("/", "/tools/x"), that hold a file named
// manifest, leaving out testdata, node_modules, .git and the offline run's work folder.
func manifestDirs(t *testing.T, root, manifest string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, entry os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.IsDir() && slices.Contains([]string{"testdata", "node_modules", ".git", ".offline", ".pulumi-state"}, entry.Name()) {
			return filepath.SkipDir
		}
		if entry.Name() != manifest {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		dirs = append(dirs, "/"+strings.TrimPrefix(filepath.ToSlash(rel), "."))
		return nil
	})
	require.NoError(t, err)
	slices.Sort(dirs)
	return dirs
}

func TestDependabotCoversEveryModule(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, ".github", "dependabot.yml"))
	require.NoError(t, err)
	var config dependabot
	require.NoError(t, yaml.Unmarshal(data, &config))
	assert.Equal(t, 2, config.Version)

	listed := map[string][]string{}
	for _, update := range config.Updates {
		dirs := update.Directories
		if update.Directory != "" {
			dirs = append(dirs, update.Directory)
		}
		listed[update.Ecosystem] = append(listed[update.Ecosystem], dirs...)
	}
	for ecosystem := range listed {
		slices.Sort(listed[ecosystem])
	}

	goModules := manifestDirs(t, root, "go.mod")
	assert.Contains(t, goModules, "/tools/actionlint")
	assert.Equal(t, goModules, listed["gomod"], "dependabot.yml lists every Go module, and only those")
	assert.Equal(t, manifestDirs(t, root, "package.json"), listed["npm"], "dependabot.yml lists every npm package")
	assert.Equal(t, []string{"/"}, listed["github-actions"])
}
