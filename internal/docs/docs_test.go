// Package docs checks the shell commands that the repository's documents show. Every command in a
// shell block is either run by a named test, run here, or listed with the reason it cannot run on a
// machine without an AWS account, GitHub or the Node.js and Python language hosts.
package docs

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// documents are the files whose shell blocks a reader copies from.
var documents = []string{
	"README.md",
	"provider/README.md",
	"examples/yaml-platform/README.md",
}

// coverage is how a documented command is proven. Exactly one field is set.
type coverage struct {
	// tests are "package folder:TestName" entries of tests that run the command or the code behind it.
	tests []string
	// runHere runs the command from the repository root in this test.
	runHere bool
	// ci is the text, in .ci/run or in the Makefile, that shows CI runs the command.
	ci string
	// notHere is why the command cannot run on a machine without AWS, GitHub or the other language hosts.
	notHere string
}

const (
	needsAWS    = "needs AWS credentials and an account; the offline run covers the same program with stand-in providers"
	needsGitHub = "clones from GitHub, which these machines cannot reach; the offline run builds provider/ and installs the file"
	needsGoHost = "builds the policy pack with the Go language host, which the CLI built here lacks; the offline run passes the compiled pack"
	needsNodeJS = "needs the Node.js or Python language host of a TypeScript or Python project, which these machines do not have"
)

// commands maps every command of the documents, normalized by normalize, to its coverage.
var commands = map[string]coverage{
	"make offline":           {tests: []string{"offline/run:TestDevStackCycle"}},
	"make test":              {ci: "make test"},
	"pulumi stack init dev":  {notHere: needsAWS},
	"make preview STACK=dev": {notHere: needsAWS},
	"make up STACK=dev":      {notHere: needsAWS},
	"cd baseline && pulumi stack init prod && pulumi up": {notHere: needsAWS},
	"cd baseline": {runHere: true},
	"pulumi config set githubDeployRole true":                                                        {tests: []string{"baseline/program:TestProgramCreatesGitHubRoles"}},
	"pulumi config set githubRepository OWNER/NAME":                                                  {tests: []string{"baseline/program:TestProgramCreatesGitHubRoles"}},
	"pulumi config set --path 'githubDeployEnvironments[0]' production":                              {tests: []string{"baseline/program:TestProgramCreatesGitHubRoles"}},
	"pulumi config set --path 'githubDeployPolicyArns[0]' arn:aws:iam::ACCOUNT:policy/DEPLOY-POLICY": {tests: []string{"baseline/program:TestProgramCreatesGitHubRoles"}},
	"pulumi config set githubPreviewRole true":                                                       {tests: []string{"baseline/program:TestProgramCreatesGitHubRoles"}},
	"pulumi config set --path 'githubPreviewPolicyArns[0]' arn:aws:iam::aws:policy/ReadOnlyAccess":   {tests: []string{"baseline/program:TestProgramCreatesGitHubRoles"}},
	"pulumi up": {notHere: needsAWS},
	"go get github.com/secureserverless/framework@VERSION":           {notHere: "fetches a published version of this module from the Go module proxy, which holds none yet; examples/go-components uses the module in place"},
	"go doc github.com/secureserverless/framework/infra RestAPIArgs": {runHere: true},
	"make provider": {tests: []string{"offline/run:TestYAMLHostNextToCLI"}},
	"pulumi plugin install resource secureserverless 0.1.0 --file provider/bin/pulumi-resource-secureserverless": {
		tests: []string{"offline/run:TestYAMLHostNextToCLI"}},
	"pulumi package get-schema provider/bin/pulumi-resource-secureserverless": {tests: []string{"provider:TestGetSchemaFromBinary"}},
	"pulumi package add ../secure-serverless/provider":                        {notHere: needsNodeJS},
	"pulumi policy analyze --stack dev --policy-pack ./policy --policy-pack-config policy/config/dev.json": {
		tests: []string{"offline/run:TestPolicyAnalyze"}},
	"pulumi preview --policy-pack ./policy --event-log preview.events.jsonl": {notHere: needsGoHost},
	"go run ./policy/cmd/policy-report -event-log preview.events.jsonl -json report.json -sarif report.sarif -markdown report.md -fail-on mandatory": {
		tests: []string{"policy/cmd/policy-report:TestRunWritesReports", "policy/cmd/policy-report:TestRunFailOn"}},
	"cd provider":   {runHere: true},
	"go test ./...": {ci: "cd provider && $(GO) test"},
	"UPDATE_GOLDEN=1 go test . -run TestSchemaGolden":                              {tests: []string{"provider:TestSchemaGolden"}},
	"go run ./cmd/platformgen":                                                     {tests: []string{"provider/components:TestPlatformInputsCurrent"}},
	"pulumi package get-schema secureserverless@0.1.0":                             {tests: []string{"offline/run:TestYAMLHostNextToCLI"}},
	"pulumi package add github.com/secureserverless/framework.git/provider@v0.1.0": {notHere: needsGitHub},
	"pulumi plugin install resource secureserverless 0.1.0 --file ../../provider/bin/pulumi-resource-secureserverless": {
		tests: []string{"offline/run:TestYAMLHostNextToCLI"}},
	"pulumi preview --policy-pack ../../policy --policy-pack-config ../../policy/config/dev.json": {notHere: needsGoHost},
	"pulumi up --policy-pack ../../policy --policy-pack-config ../../policy/config/dev.json":      {notHere: needsGoHost},
}

// documentedCommand is one command of a shell block.
type documentedCommand struct {
	where, text string
}

// shellCommands returns the commands of the shell blocks of the file, one per logical line, with
// comments and continuation backslashes removed.
func shellCommands(t *testing.T, root, document string) []documentedCommand {
	t.Helper()
	file, err := os.Open(filepath.Join(root, document))
	require.NoError(t, err)
	defer file.Close()

	var commands []documentedCommand
	inShell, pending, start := false, "", 0
	scanner := bufio.NewScanner(file)
	for n := 1; scanner.Scan(); n++ {
		line := scanner.Text()
		if strings.HasPrefix(line, "```") {
			inShell = !inShell && slices.Contains([]string{"```sh", "```bash", "```shell"}, strings.TrimSpace(line))
			continue
		}
		text := strings.TrimSpace(line)
		if !inShell || text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if pending == "" {
			start = n
		}
		if continued, ok := strings.CutSuffix(text, `\`); ok {
			pending += continued + " "
			continue
		}
		commands = append(commands, documentedCommand{
			where: document + ":" + strconv.Itoa(start), text: normalize(pending + text),
		})
		pending = ""
	}
	require.NoError(t, scanner.Err())
	return commands
}

// trailingComment matches a shell comment after a command.
var trailingComment = regexp.MustCompile(`\s+#\s.*$`)

// normalize drops a trailing comment and repeated spaces.
func normalize(command string) string {
	command = trailingComment.ReplaceAllString(command, "")
	return strings.Join(strings.Fields(command), " ")
}

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// testExists reports whether the package folder, relative to the repository root, has a test
// function of that name.
func testExists(t *testing.T, root, entry string) bool {
	t.Helper()
	folder, name, ok := strings.Cut(entry, ":")
	require.True(t, ok, "test entry %q: use \"folder:TestName\"", entry)
	files, err := filepath.Glob(filepath.Join(root, folder, "*_test.go"))
	require.NoError(t, err)
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		if strings.Contains(string(data), "\nfunc "+name+"(t *testing.T)") {
			return true
		}
	}
	return false
}

func TestEveryDocumentedCommandIsCovered(t *testing.T) {
	root := repoRoot(t)
	var ciText string
	for _, file := range []string{".ci/run", "Makefile"} {
		data, err := os.ReadFile(filepath.Join(root, file))
		require.NoError(t, err)
		ciText += string(data)
	}
	used := map[string]bool{}
	for _, document := range documents {
		for _, command := range shellCommands(t, root, document) {
			cover, ok := commands[command.text]
			if !assert.True(t, ok, "%s: the command %q is neither run by a test nor listed as impossible here; "+
				"add it to commands in internal/docs/docs_test.go", command.where, command.text) {
				continue
			}
			used[command.text] = true
			set := 0
			for _, isSet := range []bool{len(cover.tests) > 0, cover.runHere, cover.ci != "", cover.notHere != ""} {
				if isSet {
					set++
				}
			}
			assert.Equal(t, 1, set, "%s: %q needs exactly one kind of coverage", command.where, command.text)
			if cover.ci != "" {
				assert.Contains(t, ciText, cover.ci, "%s: %q: CI does not run it", command.where, command.text)
			}
			for _, entry := range cover.tests {
				assert.True(t, testExists(t, root, entry), "%s: %q names the test %s, which does not exist",
					command.where, command.text, entry)
			}
		}
	}
	for command := range commands {
		assert.True(t, used[command], "commands lists %q, which no document shows any more; remove it", command)
	}
}

func TestCommandsThatRunHere(t *testing.T) {
	root := repoRoot(t)
	for command, cover := range commands {
		if !cover.runHere {
			continue
		}
		if folder, ok := strings.CutPrefix(command, "cd "); ok {
			info, err := os.Stat(filepath.Join(root, folder))
			require.NoError(t, err, command)
			assert.True(t, info.IsDir(), "%s: %s is no folder", command, folder)
			continue
		}
		fields := strings.Fields(command)
		cmd := exec.Command(fields[0], fields[1:]...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s:\n%s", command, out)
		assert.NotEmpty(t, strings.TrimSpace(string(out)), command)
	}
}

func TestShellCommandsParsing(t *testing.T) {
	dir := t.TempDir()
	text := "intro\n```sh\n# a comment\nmake  offline   # run it\ngo run ./x \\\n    -flag y\n```\n```go\nnot a command\n```\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "DOC.md"), []byte(text), 0o644))
	got := shellCommands(t, dir, "DOC.md")
	require.Len(t, got, 2)
	assert.Equal(t, documentedCommand{where: "DOC.md:4", text: "make offline"}, got[0])
	assert.Equal(t, documentedCommand{where: "DOC.md:5", text: "go run ./x -flag y"}, got[1])
}
