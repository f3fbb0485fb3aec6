package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The event logs written by hand for the report package's tests.
const (
	violationsLog = "../../report/testdata/violations.events.jsonl"
	truncatedLog  = "../../report/testdata/truncated.events.jsonl"
)

// writeLog writes event log lines to a file and returns its path.
func writeLog(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	return path
}

// advisoryLog is a complete update with one advisory violation.
func advisoryLog(t *testing.T) string {
	t.Helper()
	return writeLog(t,
		`{"sequence":1,"timestamp":1,"policyEvent":{"resourceUrn":"urn:pulumi:dev::shop::aws:s3/bucketV2:BucketV2::b",`+
			`"message":"d\nm\n","color":"never","policyName":"p","policyPackName":"pack","policyPackVersion":"1.0.0",`+
			`"policyPackVersionTag":"1.0.0","enforcementLevel":"advisory"}}`,
		`{"sequence":2,"timestamp":1,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":1,"resourceChanges":{},`+
			`"PolicyPacks":{},"isPreview":false,"result":"succeeded"}}`,
	)
}

func runCommand(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunWritesReports(t *testing.T) {
	dir := t.TempDir()
	jsonPath := filepath.Join(dir, "out", "report.json")
	sarifPath := filepath.Join(dir, "out", "report.sarif")
	markdownPath := filepath.Join(dir, "report.md")

	code, stdout, stderr := runCommand("-event-log", violationsLog, "-json", jsonPath, "-sarif", sarifPath,
		"-markdown", markdownPath, "-project-file", "infra/Pulumi.yaml", "-sarif-category", "shop/dev")
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Empty(t, stderr)

	var report struct {
		Verdict string `json:"verdict"`
	}
	data, err := os.ReadFile(jsonPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &report))
	assert.Equal(t, "fail", report.Verdict)

	sarif, err := os.ReadFile(sarifPath)
	require.NoError(t, err)
	assert.Contains(t, string(sarif), `"uri": "infra/Pulumi.yaml"`)
	assert.Contains(t, string(sarif), `"id": "shop/dev/"`)

	markdown, err := os.ReadFile(markdownPath)
	require.NoError(t, err)
	assert.Contains(t, string(markdown), "Policy check failed")
}

func TestRunStandardOutput(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		prefix string
	}{
		{name: "markdown by default", args: []string{"-event-log", violationsLog}, prefix: "### ❌ Policy check failed"},
		{name: "json", args: []string{"-event-log", violationsLog, "-json", "-"}, prefix: "{\n  \"formatVersion\": 1,"},
		{name: "sarif", args: []string{"-event-log", violationsLog, "-sarif", "-"}, prefix: "{\n  \"$schema\":"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCommand(tt.args...)
			require.Equal(t, exitOK, code, stderr)
			assert.True(t, strings.HasPrefix(stdout, tt.prefix), stdout)
		})
	}
}

func TestRunFailOn(t *testing.T) {
	tests := []struct {
		name   string
		log    func(t *testing.T) string
		failOn string
		code   int
		stderr string
	}{
		{name: "reporting only", log: func(*testing.T) string { return violationsLog }, failOn: "none", code: exitOK},
		{name: "blocking violation", log: func(*testing.T) string { return violationsLog }, failOn: "mandatory",
			code: exitFindings, stderr: "1 violation(s) at level mandatory or above without an exception"},
		{name: "advisory and mandatory", log: func(*testing.T) string { return violationsLog }, failOn: "advisory",
			code: exitFindings, stderr: "3 violation(s) at level advisory or above without an exception"},
		{name: "advisory only under mandatory", log: advisoryLog, failOn: "mandatory", code: exitOK},
		{name: "advisory only under advisory", log: advisoryLog, failOn: "advisory", code: exitFindings,
			stderr: "1 violation(s) at level advisory or above"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.md")
			code, _, stderr := runCommand("-event-log", tt.log(t), "-markdown", out, "-fail-on", tt.failOn)
			assert.Equal(t, tt.code, code, stderr)
			if tt.stderr == "" {
				assert.Empty(t, stderr)
			} else {
				assert.Contains(t, stderr, tt.stderr)
			}
			assert.FileExists(t, out, "reports are written before the exit code is decided")
		})
	}
}

func TestRunErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.jsonl")
	notALog := writeLog(t, "{", `  "steps": []`, "}")

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "no event log", args: []string{"-json", "out.json"}, code: exitUsage,
			stderr: "missing -event-log: pass the file that `pulumi preview --event-log FILE` wrote"},
		{name: "positional argument", args: []string{"events.jsonl"}, code: exitUsage,
			stderr: `unexpected argument "events.jsonl": pass the event log with -event-log`},
		{name: "unknown fail-on", args: []string{"-event-log", violationsLog, "-fail-on", "warning"}, code: exitUsage,
			stderr: `invalid -fail-on "warning": use none, mandatory or advisory`},
		{name: "two outputs on stdout", args: []string{"-event-log", violationsLog, "-json", "-", "-sarif", "-"},
			code: exitUsage, stderr: "more than one report goes to standard output"},
		{name: "absolute project file", args: []string{"-event-log", violationsLog, "-project-file", "/repo/Pulumi.yaml"},
			code: exitUsage, stderr: `-project-file: invalid project file "/repo/Pulumi.yaml"`},
		{name: "unknown flag", args: []string{"-event-log", violationsLog, "-html", "x"}, code: exitUsage,
			stderr: "flag provided but not defined: -html"},
		{name: "missing event log file", args: []string{"-event-log", missing}, code: exitError,
			stderr: "opening event log: open " + missing},
		{name: "not an event log", args: []string{"-event-log", notALog}, code: exitError,
			stderr: "reading event log " + notALog + ": line 1 is not a JSON engine event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCommand(tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, stderr, tt.stderr)
			assert.Empty(t, stdout)
		})
	}
}

func TestRunHelp(t *testing.T) {
	code, _, stderr := runCommand("-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stderr, "Usage: policy-report -event-log FILE")
	assert.Contains(t, stderr, "-fail-on")
}

func TestRunWarnsOnTruncatedLog(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.json")
	code, _, stderr := runCommand("-event-log", truncatedLog, "-json", out)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stderr, "warning: event log "+truncatedLog+" ends before the operation's summary event")
	assert.FileExists(t, out)
}

func TestRunOutputError(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))

	code, _, stderr := runCommand("-event-log", violationsLog, "-json", filepath.Join(blocker, "report.json"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "report.json")
}
