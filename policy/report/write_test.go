package report

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keys returns the sorted keys of a JSON object.
func keys(t *testing.T, value any) []string {
	t.Helper()
	object, ok := value.(map[string]any)
	require.True(t, ok, "a JSON object: %v", value)
	return slices.Sorted(maps.Keys(object))
}

func TestJSONFieldNames(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, readReport(t, violationsLog).WriteJSON(&buf))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))

	tests := []struct {
		name  string
		value any
		keys  []string
	}{
		{name: "report", value: doc, keys: []string{"counts", "engineErrors", "eventLog", "formatVersion", "operation",
			"policies", "policyPacks", "remediations", "verdict", "violations"}},
		{name: "operation", value: doc["operation"], keys: []string{"durationSeconds", "endTime", "kind", "project",
			"resourceChanges", "result", "stack", "startTime"}},
		{name: "counts", value: doc["counts"], keys: []string{"advisory", "blocking", "disabled", "mandatory", "total", "waived"}},
		{name: "policy pack", value: doc["policyPacks"].([]any)[0], keys: []string{"name", "version"}},
		{name: "policy", value: doc["policies"].([]any)[0], keys: []string{"blocking", "description", "enforcementLevel",
			"name", "policyPack", "policyPackVersion", "remediations", "resourcesFailed", "resourcesPassed", "severity",
			"stackFailed", "stackPassed", "violations"}},
		{name: "violation", value: doc["violations"].([]any)[0], keys: []string{"blocking", "description", "detail",
			"enforcementLevel", "exceptions", "fingerprint", "message", "policy", "policyPack", "policyPackVersion",
			"resourceName", "resourceType", "resourceUrn", "severity"}},
		{name: "exception", value: doc["violations"].([]any)[1].(map[string]any)["exceptions"].([]any)[0],
			keys: []string{"id", "reason"}},
		{name: "remediation", value: doc["remediations"].([]any)[0], keys: []string{"policy", "policyPack",
			"policyPackVersion", "resourceUrn"}},
		{name: "event log", value: doc["eventLog"], keys: []string{"complete", "events", "truncated", "unknownEvents"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.keys, keys(t, tt.value))
		})
	}
}

func TestJSONEmptyListsAreArrays(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, reportOf(t, `{"sequence":1,"timestamp":1,"cancelEvent":{}}`).WriteJSON(&buf))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))

	for _, field := range []string{"policyPacks", "policies", "violations", "remediations", "engineErrors"} {
		assert.Equal(t, []any{}, doc[field], field)
	}
	assert.Equal(t, map[string]any{}, doc["operation"].(map[string]any)["resourceChanges"])
}

func TestJSONRoundTrip(t *testing.T) {
	r := readReport(t, violationsLog)
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))

	var decoded Report
	require.NoError(t, json.Unmarshal(buf.Bytes(), &decoded))
	assert.Equal(t, *r, decoded)
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	out := Outputs{
		JSON:     filepath.Join(dir, "reports", "dev.json"),
		SARIF:    filepath.Join(dir, "reports", "dev.sarif"),
		Markdown: filepath.Join(dir, "dev.md"),
	}
	r := readReport(t, violationsLog)
	require.NoError(t, r.WriteFiles(out, SARIFOptions{}))

	for _, path := range []string{out.JSON, out.SARIF, out.Markdown} {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.NotEmpty(t, data, path)
	}
	sarif, err := os.ReadFile(out.SARIF)
	require.NoError(t, err)
	ValidateSARIF(t, sarif)
}

func TestWriteFilesSkipsEmptyPaths(t *testing.T) {
	dir := t.TempDir()
	out := Outputs{Markdown: filepath.Join(dir, "only.md")}
	require.NoError(t, readReport(t, violationsLog).WriteFiles(out, SARIFOptions{}))

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "only.md", entries[0].Name())
}

func TestWriteFilesErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	out := Outputs{
		JSON:     filepath.Join(blocker, "report.json"),
		SARIF:    filepath.Join(dir, "report.sarif"),
		Markdown: filepath.Join(dir, "report.md"),
	}

	err := readReport(t, violationsLog).WriteFiles(out, SARIFOptions{ProjectFile: "/abs/Pulumi.yaml"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "report.json", "the JSON file cannot be created under a regular file")
	assert.Contains(t, err.Error(), `rendering `+out.SARIF+`: invalid project file "/abs/Pulumi.yaml"`)
	assert.NoFileExists(t, out.SARIF, "a format that fails to render leaves no file")
	assert.FileExists(t, out.Markdown, "the other formats are still written")
}
