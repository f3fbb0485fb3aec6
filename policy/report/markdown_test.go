package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func renderMarkdown(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.WriteMarkdown(&buf))
	return buf.String()
}

func TestMarkdownSummary(t *testing.T) {
	md := renderMarkdown(t, readReport(t, violationsLog))

	assert.True(t, strings.HasPrefix(md, "### ❌ Policy check failed: 1 blocking violation\n"), md)
	assert.Contains(t, md, "Preview of stack `dev` (project `shop`): failed. "+
		"Policy packs: `org-baseline@2.0.0`, `secure-serverless@0.1.0`; 6 policies reported.\n")
	assert.Contains(t, md, "| Mandatory | 2 (1 blocking) |\n")
	assert.Contains(t, md, "| Advisory | 2 |\n")
	assert.Contains(t, md, "| Disabled | 1 |\n")
	assert.Contains(t, md, "| Waived by an exception | 1 |\n")
}

func TestMarkdownViolationTable(t *testing.T) {
	md := renderMarkdown(t, readReport(t, violationsLog))

	rows := []string{
		"| **mandatory**, blocking | `s3-bucket-no-public-acl` | `uploads-acl` (`aws:s3/bucketAclV2:BucketAclV2`) | " +
			`acl is "public-read", expected a canned ACL without public access such as "private". |`,
		"| mandatory, waived | `iam-no-wildcard-actions` | `worker` (`aws:iam/role:Role`) | " +
			`inlinePolicies\[0\].policy allows "s3:\*", expected a list of actions. |`,
		"| advisory | `cloudwatch-log-group-retention` | `worker-logs` (`aws:cloudwatch/logGroup:LogGroup`) | " +
			"retentionInDays is 7 \\| expected \\`90\\` or more |",
		"| advisory | `stack-owner-tag` | `shop-dev` (`pulumi:pulumi:Stack`) | Every stack should tag its resources with an owner. |",
		"| disabled | `s3-bucket-no-public-acl` | `uploads-acl` (`aws:s3/bucketAclV2:BucketAclV2`) | " +
			`acl is "public-read". |`,
	}
	header := "| Level | Policy | Resource | Finding |\n|:--|:--|:--|:--|\n"
	assert.Contains(t, md, header+strings.Join(rows, "\n")+"\n\n")
}

func TestMarkdownDetails(t *testing.T) {
	md := renderMarkdown(t, readReport(t, violationsLog))

	assert.Contains(t, md, "<details>\n<summary>Details of 5 violations</summary>\n\n")
	assert.Contains(t, md, "#### `iam-no-wildcard-actions` on `worker`\n\n"+
		"- Level: mandatory; severity: high\n"+
		"- Policy pack: `secure-serverless@0.1.0`\n"+
		"- Resource: `"+roleURN+"`\n"+
		"- Exception `EXC-7`: The worker needs s3:\\* on its own scratch bucket until the storage migration.\n")
	assert.Contains(t, md, "- Level: mandatory, blocking; severity: critical\n")
	assert.Contains(t, md, "```text\nLog groups should keep logs for at least 90 days.\n"+
		"retentionInDays is 7 | expected `90` or more\n```\n", "the whole message, in a code block")
	assert.NotContains(t, md, "<{%", "no color directives")

	assert.Contains(t, md, "<details>\n<summary>Results of 6 policies</summary>\n\n")
	assert.Contains(t, md, "| `s3-bucket-no-public-acl` | `secure-serverless` | 4 | 1 | 1 | 0 | 1 |\n")
	assert.Contains(t, md, "| `stack-owner-tag` | `secure-serverless` | 0 | 0 | 0 | 1 | 1 |\n")
	assert.Contains(t, md, "<details>\n<summary>Engine errors (1)</summary>\n\n```text\npreview failed\n```\n\n</details>\n")
	assert.Equal(t, strings.Count(md, "<details>"), strings.Count(md, "</details>"), "every section is closed")
}

func TestMarkdownVerdictLine(t *testing.T) {
	tests := []struct {
		name    string
		report  Report
		verdict string
	}{
		{name: "fail", report: Report{Verdict: VerdictFail, Counts: Counts{Total: 3, Blocking: 2}},
			verdict: "### ❌ Policy check failed: 2 blocking violations\n"},
		{name: "pass without violations", report: Report{Verdict: VerdictPass},
			verdict: "### ✅ Policy check passed with no violations\n"},
		{name: "pass with advisories", report: Report{Verdict: VerdictPass, Counts: Counts{Total: 1, Advisory: 1}},
			verdict: "### ✅ Policy check passed with 1 non-blocking violation\n"},
		{name: "incomplete", report: Report{Verdict: VerdictIncomplete},
			verdict: "### ⚠️ Policy check incomplete: the event log ends before the operation's summary\n"},
		{name: "no policies", report: Report{Verdict: VerdictNoPolicies},
			verdict: "### ⚠️ No policy results: no policy pack reported on this operation\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := renderMarkdown(t, &tt.report)
			assert.True(t, strings.HasPrefix(md, tt.verdict), md)
		})
	}
}

func TestMarkdownNoViolations(t *testing.T) {
	md := renderMarkdown(t, reportOf(t,
		`{"sequence":1,"timestamp":1,"summaryEvent":{"maybeCorrupt":false,"durationSeconds":1,"resourceChanges":{},`+
			`"PolicyPacks":{},"isPreview":false,"result":"succeeded"}}`))

	assert.Contains(t, md, "Update: succeeded.\n")
	assert.Contains(t, md, "No violations.\n")
	assert.NotContains(t, md, "| Level | Policy |")
	assert.NotContains(t, md, "<details>")
}

func TestMarkdownTruncatedLog(t *testing.T) {
	md := renderMarkdown(t, readReport(t, truncatedLog))
	assert.Contains(t, md, "Operation of stack `dev` (project `shop`): incomplete.")
	assert.Contains(t, md, "The event log's last line was cut off.")
}

func TestMarkdownLimitsViolations(t *testing.T) {
	r := &Report{Verdict: VerdictPass}
	for i := range MaxMarkdownViolations + 7 {
		r.Violations = append(r.Violations, Violation{
			Policy:           "p",
			EnforcementLevel: LevelAdvisory,
			ResourceName:     fmt.Sprintf("bucket-%03d", i),
			ResourceType:     "aws:s3/bucketV2:BucketV2",
			Message:          "m",
		})
	}
	md := renderMarkdown(t, r)

	assert.Contains(t, md, "`bucket-049`")
	assert.NotContains(t, md, "`bucket-050`")
	assert.Contains(t, md, "7 violations more not shown here; the JSON and SARIF reports list every violation.\n")
	assert.Contains(t, md, "<summary>Details of 50 violations</summary>")
}

func TestMarkdownCutsLongFindings(t *testing.T) {
	r := &Report{Verdict: VerdictPass, Violations: []Violation{{
		Policy: "p", EnforcementLevel: LevelAdvisory, Message: "d\n" + strings.Repeat("é", 300), Detail: strings.Repeat("é", 300),
	}}}
	md := renderMarkdown(t, r)
	assert.Contains(t, md, "| "+strings.Repeat("é", maxFindingRunes-1)+"… |")
	assert.Contains(t, md, strings.Repeat("é", 300), "the details keep the whole message")
}

func TestMarkdownCode(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		inTable bool
		want    string
	}{
		{name: "plain", text: "s3-bucket", want: "`s3-bucket`"},
		{name: "backtick inside", text: "a`b", want: "``a`b``"},
		{name: "backtick at the edge", text: "`a", want: "`` `a ``"},
		{name: "pipe in a table", text: "a|b", inTable: true, want: "`a\\|b`"},
		{name: "pipe in text", text: "a|b", want: "`a|b`"},
		{name: "newline", text: "a\nb", want: "`a b`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, code(tt.text, tt.inTable))
		})
	}
}

func TestMarkdownEscapeText(t *testing.T) {
	assert.Equal(t, `a \| b \*c\* \_d\_ \<e\> \[f\]\\ g`, escapeText("a | b *c* _d_ <e> [f]\\\ng"))
}

func TestMarkdownCodeFence(t *testing.T) {
	assert.Equal(t, "```", codeFence("no ticks"))
	assert.Equal(t, "````", codeFence("has ``` inside"))
}
