package offlinelogs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/run"
	"github.com/secureserverless/framework/policy/report"
	"github.com/secureserverless/framework/policy/report/internal/sarifschema"
	"github.com/secureserverless/framework/program"
)

// packName is the name of the repository's policy pack, as the engine reports it.
const packName = "secure-serverless"

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// openStack builds the offline run's tools and opens a stack in a fresh scratch folder, with event
// logs written to a folder of the test's own.
func openStack(t *testing.T, variant program.Variant) *run.Stack {
	t.Helper()
	paths, err := run.NewPaths(repoRoot(t), "")
	require.NoError(t, err)
	paths.ScratchDir = t.TempDir()
	var log bytes.Buffer
	tools, err := run.Prepare(context.Background(), paths, &log)
	require.NoError(t, err, log.String())

	stack, err := run.OpenStack(context.Background(), paths, tools, run.StackOptions{Stack: "dev", Variant: variant})
	require.NoError(t, err)
	stack.EventLogDir = t.TempDir()
	return stack
}

// reports holds the three reports of one event log.
type reports struct {
	report   *report.Report
	sarif    sarifLog
	markdown string
}

// sarifLog is the part of a SARIF log that the tests read.
type sarifLog struct {
	Runs []struct {
		Results []struct {
			RuleID              string            `json:"ruleId"`
			Level               string            `json:"level"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []struct {
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// buildReports reads an event log the engine wrote, renders the three formats into files as the
// offline command does, validates the SARIF file against the schema and reads the files back.
func buildReports(t *testing.T, summary *run.Summary) reports {
	t.Helper()
	require.NotEmpty(t, summary.EventLog, "the %s wrote an event log", summary.Operation)
	checkEventLogFormat(t, summary.EventLog)

	log, err := report.ReadEventLogFile(summary.EventLog)
	require.NoError(t, err)
	rep := report.New(log)

	dir := t.TempDir()
	out := report.Outputs{
		JSON:     filepath.Join(dir, "report.json"),
		SARIF:    filepath.Join(dir, "report.sarif"),
		Markdown: filepath.Join(dir, "report.md"),
	}
	require.NoError(t, rep.WriteFiles(out, report.SARIFOptions{}))

	jsonData, err := os.ReadFile(out.JSON)
	require.NoError(t, err)
	var decoded report.Report
	require.NoError(t, json.Unmarshal(jsonData, &decoded))
	assert.Equal(t, *rep, decoded, "the JSON file holds the whole report")

	sarifData, err := os.ReadFile(out.SARIF)
	require.NoError(t, err)
	assert.NoError(t, sarifschema.Validate(sarifData), "the SARIF file validates against the 2.1.0 schema")
	var sarif sarifLog
	require.NoError(t, json.Unmarshal(sarifData, &sarif))
	require.Len(t, sarif.Runs, 1)

	markdown, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	return reports{report: rep, sarif: sarif, markdown: string(markdown)}
}

// checkEventLogFormat checks the event log against the CLI's --event-log format: one JSON engine event
// a line, each line as json.Encoder writes the event, sequence numbers rising, and the cancel event
// that ends every operation last.
func checkEventLogFormat(t *testing.T, path string) {
	t.Helper()
	file, err := os.Open(path)
	require.NoError(t, err)
	defer file.Close()

	reader := bufio.NewReader(file)
	var last apitype.EngineEvent
	lines := 0
	for {
		line, err := reader.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			break
		}
		require.True(t, bytes.HasSuffix(line, []byte("\n")), "line %d ends with a newline", lines+1)
		lines++

		var event apitype.EngineEvent
		require.NoError(t, json.Unmarshal(line, &event), "line %d", lines)
		var again bytes.Buffer
		enc := json.NewEncoder(&again)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(event))
		require.Equal(t, string(line), again.String(), "line %d is the event as the CLI encodes it", lines)

		if lines > 1 {
			require.Greater(t, event.Sequence, last.Sequence, "line %d: sequence numbers rise", lines)
		}
		last = event
	}
	require.Positive(t, lines)
	assert.NotNil(t, last.CancelEvent, "the last event is the cancel event that ends the operation")
}

// checkAgainstSummary compares the report with the summary that offline/run collected from the event
// stream itself, so that a difference between the file and the stream shows.
func checkAgainstSummary(t *testing.T, rep *report.Report, summary *run.Summary) {
	t.Helper()
	for _, policy := range rep.Policies {
		assert.Equal(t, summary.Passed[policy.Name], policy.ResourcesPassed+policy.StackPassed, "passed count of %s", policy.Name)
		assert.Equal(t, summary.Failed[policy.Name], policy.ResourcesFailed+policy.StackFailed, "failed count of %s", policy.Name)
	}
	assert.Len(t, rep.Violations, len(summary.Violations))
	assert.Equal(t, len(summary.Mandatory()), rep.Counts.Mandatory)
	assert.Equal(t, len(summary.Errors), len(rep.EngineErrors))
}

func TestDevStackReports(t *testing.T) {
	stack := openStack(t, program.VariantNone)
	var out bytes.Buffer
	summaries, err := stack.Cycle(context.Background(), &out)
	require.NoError(t, err, out.String())
	require.Len(t, summaries, 3)

	tests := []struct {
		name    string
		summary *run.Summary
		kind    string
		changes func(t *testing.T, changes map[string]int)
	}{
		{name: "preview", summary: summaries[0], kind: report.OperationPreview, changes: func(t *testing.T, c map[string]int) {
			assert.Positive(t, c["create"])
		}},
		{name: "update", summary: summaries[1], kind: report.OperationUpdate, changes: func(t *testing.T, c map[string]int) {
			assert.Positive(t, c["create"])
		}},
		{name: "no-change preview", summary: summaries[2], kind: report.OperationPreview, changes: func(t *testing.T, c map[string]int) {
			assert.Positive(t, c["same"])
			assert.Len(t, c, 1, "only unchanged resources: %v", c)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := buildReports(t, tt.summary)
			rep := r.report

			assert.Equal(t, report.VerdictPass, rep.Verdict)
			assert.Equal(t, tt.kind, rep.Operation.Kind)
			assert.Equal(t, "succeeded", rep.Operation.Result)
			assert.Equal(t, "dev", rep.Operation.Stack)
			assert.Equal(t, "secure-serverless", rep.Operation.Project)
			assert.True(t, rep.EventLog.Complete)
			assert.Zero(t, rep.EventLog.UnknownEvents, "the v3.276.0 CLI writes no event kind this package does not know")
			assert.Zero(t, rep.Counts.Blocking)
			tt.changes(t, rep.Operation.ResourceChanges)
			checkAgainstSummary(t, rep, tt.summary)

			require.Len(t, rep.PolicyPacks, 1)
			assert.Equal(t, packName, rep.PolicyPacks[0].Name)
			var checked int
			for _, p := range rep.Policies {
				if p.Name == "s3-public-access-block-enabled" {
					checked = p.ResourcesPassed
				}
			}
			assert.Positive(t, checked, "the pack checked the resources")

			assert.Len(t, r.sarif.Runs[0].Results, rep.Counts.Total)
			assert.True(t, strings.HasPrefix(r.markdown, "### ✅ Policy check passed"), r.markdown)
		})
	}
}

func TestPublicBucketACLReports(t *testing.T) {
	stack := openStack(t, program.VariantPublicBucketACL)
	ctx := context.Background()
	var out bytes.Buffer

	preview, err := stack.Preview(ctx, &out)
	require.ErrorIs(t, err, run.ErrPolicyViolation, out.String())
	up, err := stack.Up(ctx, &out)
	require.ErrorIs(t, err, run.ErrPolicyViolation, out.String())

	const violatingURN = "urn:pulumi:dev-public-bucket-acl::secure-serverless::secureserverless:index:Platform$" +
		"secureserverless:storage:UserFilesBucket$aws:s3/bucketAclV2:BucketAclV2::user-files-public-acl"

	tests := []struct {
		name    string
		summary *run.Summary
		kind    string
	}{
		{name: "preview", summary: preview, kind: report.OperationPreview},
		{name: "update", summary: up, kind: report.OperationUpdate},
	}
	fingerprints := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := buildReports(t, tt.summary)
			rep := r.report

			assert.Equal(t, report.VerdictFail, rep.Verdict)
			assert.Equal(t, tt.kind, rep.Operation.Kind)
			assert.Equal(t, "failed", rep.Operation.Result)
			assert.Equal(t, "dev-public-bucket-acl", rep.Operation.Stack)
			assert.True(t, rep.EventLog.Complete)
			assert.Equal(t, 1, rep.Counts.Blocking)
			checkAgainstSummary(t, rep, tt.summary)

			// Other policies may add advisory violations, such as values unknown during a preview.
			var blocking []report.Violation
			for _, v := range rep.Violations {
				if v.Blocking {
					blocking = append(blocking, v)
				}
			}
			require.Len(t, blocking, 1)
			v := blocking[0]
			assert.Equal(t, rep.Violations[0], v, "the blocking violation comes first")
			assert.Equal(t, "s3-bucket-no-public-acl", v.Policy)
			assert.Equal(t, packName, v.PolicyPack)
			assert.Equal(t, report.LevelMandatory, v.EnforcementLevel)
			assert.Equal(t, violatingURN, v.ResourceURN)
			assert.Equal(t, "aws:s3/bucketAclV2:BucketAclV2", v.ResourceType)
			assert.Equal(t, "user-files-public-acl", v.ResourceName)
			assert.Contains(t, v.Detail, "public-read")
			assert.NotEmpty(t, v.Description)
			assert.Empty(t, v.Exceptions)

			results := r.sarif.Runs[0].Results
			require.Len(t, results, len(rep.Violations))
			result := results[0]
			assert.Equal(t, "s3-bucket-no-public-acl", result.RuleID)
			assert.Equal(t, "error", result.Level)
			assert.Equal(t, v.Fingerprint, result.PartialFingerprints[report.FingerprintKey])
			require.Len(t, result.Locations, 1)
			require.Len(t, result.Locations[0].LogicalLocations, 1)
			assert.Equal(t, violatingURN, result.Locations[0].LogicalLocations[0].FullyQualifiedName)
			for i, other := range results[1:] {
				assert.NotEqual(t, "error", other.Level, "result %d: only the ACL violation is an error", i+1)
			}
			fingerprints[tt.name] = v.Fingerprint

			assert.True(t, strings.HasPrefix(r.markdown, "### ❌ Policy check failed: 1 blocking violation\n"), r.markdown)
			assert.Contains(t, r.markdown, "| **mandatory**, blocking | `s3-bucket-no-public-acl` | `user-files-public-acl` "+
				"(`aws:s3/bucketAclV2:BucketAclV2`) |")
		})
	}
	require.Len(t, fingerprints, 2)
	assert.Equal(t, fingerprints["preview"], fingerprints["update"], "the fingerprint is the same in both runs")
}
