package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxMarkdownViolations is the number of violations that the Markdown summary lists in its table and
// its details. The rest are counted in a note that points to the JSON or SARIF report, which keeps a
// pull-request comment short.
const MaxMarkdownViolations = 50

// maxFindingRunes is the length at which a finding is cut in the violations table. The details
// section shows the whole message.
const maxFindingRunes = 200

// WriteMarkdown writes a short summary for a pull-request comment in GitHub Flavored Markdown: a
// verdict line, the operation, counts by level, a table of violations, and collapsed sections with
// each violation's details, the per-policy results and the engine's errors.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "### %s\n\n", r.verdictLine())
	fmt.Fprintf(&b, "%s\n\n", r.operationLine())
	r.writeCounts(&b)
	r.writeViolationTable(&b)
	r.writeViolationDetails(&b)
	r.writePolicyTable(&b)
	r.writeEngineErrors(&b)
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("writing Markdown report: %w", err)
	}
	return nil
}

func (r *Report) verdictLine() string {
	switch r.Verdict {
	case VerdictFail:
		return fmt.Sprintf("❌ Policy check failed: %s", plural(r.Counts.Blocking, "blocking violation"))
	case VerdictIncomplete:
		return "⚠️ Policy check incomplete: the event log ends before the operation's summary"
	case VerdictNoPolicies:
		return "⚠️ No policy results: no policy pack reported on this operation"
	default:
		others := r.Counts.Total - r.Counts.Blocking
		if others == 0 {
			return "✅ Policy check passed with no violations"
		}
		return fmt.Sprintf("✅ Policy check passed with %s", plural(others, "non-blocking violation"))
	}
}

func (r *Report) operationLine() string {
	kind := "Operation"
	switch r.Operation.Kind {
	case OperationPreview:
		kind = "Preview"
	case OperationUpdate:
		kind = "Update"
	}
	line := kind
	if r.Operation.Stack != "" {
		line += fmt.Sprintf(" of stack %s (project %s)", code(r.Operation.Stack, false), code(r.Operation.Project, false))
	}
	result := r.Operation.Result
	if result == "" {
		result = "result not recorded"
	}
	line += ": " + escapeText(result) + "."

	packs := make([]string, 0, len(r.PolicyPacks))
	for _, p := range r.PolicyPacks {
		packs = append(packs, code(p.Name+"@"+p.Version, false))
	}
	if len(packs) > 0 {
		line += fmt.Sprintf(" Policy packs: %s; %s reported.", strings.Join(packs, ", "), plural(len(r.Policies), "policy"))
	}
	if r.EventLog.Truncated {
		line += " The event log's last line was cut off."
	}
	return line
}

func (r *Report) writeCounts(b *bytes.Buffer) {
	c := r.Counts
	b.WriteString("| Level | Violations |\n|:--|--:|\n")
	fmt.Fprintf(b, "| Mandatory | %d (%d blocking) |\n", c.Mandatory, c.Blocking)
	fmt.Fprintf(b, "| Advisory | %d |\n", c.Advisory)
	fmt.Fprintf(b, "| Disabled | %d |\n", c.Disabled)
	fmt.Fprintf(b, "| Waived by an exception | %d |\n\n", c.Waived)
}

func (r *Report) writeViolationTable(b *bytes.Buffer) {
	if len(r.Violations) == 0 {
		b.WriteString("No violations.\n\n")
		return
	}
	b.WriteString("| Level | Policy | Resource | Finding |\n|:--|:--|:--|:--|\n")
	for _, v := range r.shownViolations() {
		level := escapeText(v.EnforcementLevel)
		switch {
		case v.Blocking:
			level = "**" + level + "**, blocking"
		case len(v.Exceptions) > 0:
			level += ", waived"
		}
		finding := v.Detail
		if finding == "" {
			finding = v.Message
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", level, code(v.Policy, true), resourceCell(v),
			escapeText(cut(oneLine(finding), maxFindingRunes)))
	}
	b.WriteString("\n")
	if hidden := len(r.Violations) - len(r.shownViolations()); hidden > 0 {
		fmt.Fprintf(b, "%s more not shown here; the JSON and SARIF reports list every violation.\n\n",
			plural(hidden, "violation"))
	}
}

func (r *Report) writeViolationDetails(b *bytes.Buffer) {
	if len(r.Violations) == 0 {
		return
	}
	fmt.Fprintf(b, "<details>\n<summary>Details of %s</summary>\n\n", plural(len(r.shownViolations()), "violation"))
	for _, v := range r.shownViolations() {
		resource := v.ResourceName
		if resource == "" {
			resource = "the stack"
		}
		fmt.Fprintf(b, "#### %s on %s\n\n", code(v.Policy, false), code(resource, false))

		level := escapeText(v.EnforcementLevel)
		if v.Blocking {
			level += ", blocking"
		}
		severity := v.Severity
		if severity == "" {
			severity = "not set"
		}
		fmt.Fprintf(b, "- Level: %s; severity: %s\n", level, escapeText(severity))
		fmt.Fprintf(b, "- Policy pack: %s\n", code(v.PolicyPack+"@"+v.PolicyPackVersion, false))
		if v.ResourceURN != "" {
			fmt.Fprintf(b, "- Resource: %s\n", code(v.ResourceURN, false))
		}
		for _, e := range v.Exceptions {
			fmt.Fprintf(b, "- Exception %s: %s\n", code(e.ID, false), escapeText(oneLine(e.Reason)))
		}
		fmt.Fprintf(b, "- Fingerprint: %s\n\n", code(v.Fingerprint, false))
		fence := codeFence(v.Message)
		fmt.Fprintf(b, "%stext\n%s\n%s\n\n", fence, v.Message, fence)
	}
	b.WriteString("</details>\n\n")
}

func (r *Report) writePolicyTable(b *bytes.Buffer) {
	if len(r.Policies) == 0 {
		return
	}
	fmt.Fprintf(b, "<details>\n<summary>Results of %s</summary>\n\n", plural(len(r.Policies), "policy"))
	b.WriteString("| Policy | Pack | Resources passed | Resources failed | Stack passed | Stack failed | Violations |\n")
	b.WriteString("|:--|:--|--:|--:|--:|--:|--:|\n")
	for _, p := range r.Policies {
		fmt.Fprintf(b, "| %s | %s | %d | %d | %d | %d | %d |\n", code(p.Name, true), code(p.PolicyPack, true),
			p.ResourcesPassed, p.ResourcesFailed, p.StackPassed, p.StackFailed, p.Violations)
	}
	b.WriteString("\n</details>\n\n")
}

func (r *Report) writeEngineErrors(b *bytes.Buffer) {
	if len(r.EngineErrors) == 0 {
		return
	}
	fmt.Fprintf(b, "<details>\n<summary>Engine errors (%d)</summary>\n\n", len(r.EngineErrors))
	text := strings.Join(r.EngineErrors, "\n")
	fence := codeFence(text)
	fmt.Fprintf(b, "%stext\n%s\n%s\n\n</details>\n\n", fence, text, fence)
}

func (r *Report) shownViolations() []Violation {
	if len(r.Violations) > MaxMarkdownViolations {
		return r.Violations[:MaxMarkdownViolations]
	}
	return r.Violations
}

func resourceCell(v Violation) string {
	if v.ResourceName == "" && v.ResourceType == "" {
		if v.ResourceURN == "" {
			return "the stack"
		}
		return code(v.ResourceURN, true)
	}
	return code(v.ResourceName, true) + " (" + code(v.ResourceType, true) + ")"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "policy") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func cut(s string, maxRunes int) string {
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	return string([]rune(s)[:maxRunes-1]) + "…"
}

// markdownEscaper puts a backslash before the characters that GitHub Flavored Markdown would read as
// markup in running text or a table cell, and turns newlines into spaces.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `#`, `\#`, "\r", " ", "\n", " ",
)

func escapeText(s string) string {
	return markdownEscaper.Replace(s)
}

// code returns s as a code span. A span takes one more backtick than the longest run inside it,
// padded with spaces when s starts or ends with a backtick. In a table cell a pipe still ends the
// cell inside a code span, so inTable escapes it, which GitHub removes when it renders the cell.
func code(s string, inTable bool) string {
	s = oneLine(s)
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// codeFence returns a fence longer than any backtick run in text, and at least three backticks.
func codeFence(text string) string {
	return strings.Repeat("`", max(3, longestRun(text, '`')+1))
}

func longestRun(s string, c rune) int {
	longest, current := 0, 0
	for _, r := range s {
		if r == c {
			current++
			longest = max(longest, current)
		} else {
			current = 0
		}
	}
	return longest
}
