package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/urn"
)

// FormatVersion is the version of the JSON report format. It changes only when a field is renamed,
// removed or changes meaning; new fields keep the version.
const FormatVersion = 1

// Enforcement levels as the engine writes them in policy events.
const (
	LevelMandatory = "mandatory"
	LevelAdvisory  = "advisory"
	LevelDisabled  = "disabled"
	LevelRemediate = "remediate"
)

// Verdict is the outcome of the policy check that a report states first.
type Verdict string

const (
	// VerdictFail means at least one mandatory violation without an exception, which stops the
	// operation.
	VerdictFail Verdict = "fail"
	// VerdictIncomplete means no blocking violation so far, but the log ends before the operation's
	// summary event, so some resources may not have been checked.
	VerdictIncomplete Verdict = "incomplete"
	// VerdictNoPolicies means the log is complete but no policy pack reported a result: the operation
	// ran without --policy-pack, or the pack failed to load.
	VerdictNoPolicies Verdict = "no-policies"
	// VerdictPass means no blocking violation in a complete log with policy results.
	VerdictPass Verdict = "pass"
)

// Operation kinds, from the summary event's isPreview field.
const (
	OperationPreview = "preview"
	OperationUpdate  = "update"
)

// ResultIncomplete is the operation result of a log without a summary event.
const ResultIncomplete = "incomplete"

// Report is the policy report of one preview or update. Its JSON field names are stable within a
// FormatVersion. Lists are sorted so that two runs with the same findings give the same report, except
// for the times and durations.
type Report struct {
	FormatVersion int           `json:"formatVersion"`
	Verdict       Verdict       `json:"verdict"`
	Operation     Operation     `json:"operation"`
	Counts        Counts        `json:"counts"`
	PolicyPacks   []Pack        `json:"policyPacks"`
	Policies      []Policy      `json:"policies"`
	Violations    []Violation   `json:"violations"`
	Remediations  []Remediation `json:"remediations"`
	// EngineErrors are the messages of the engine's error diagnostics, such as "preview failed".
	EngineErrors []string `json:"engineErrors"`
	EventLog     LogInfo  `json:"eventLog"`
}

// Operation describes the preview or update that wrote the event log.
type Operation struct {
	// Kind is "preview" or "update", and empty when the log has no summary event.
	Kind string `json:"kind"`
	// Result is "succeeded", "failed" or "canceled" as the summary event states it, and "incomplete"
	// when the log has no summary event. A CLI older than the summary's result field leaves it empty.
	Result string `json:"result"`
	// Stack and Project are read from the first resource URN in the log.
	Stack   string `json:"stack"`
	Project string `json:"project"`
	// StartTime and EndTime are the timestamps of the first and last events, in RFC 3339 format and
	// UTC, with the CLI's one-second resolution.
	StartTime string `json:"startTime"`
	EndTime   string `json:"endTime"`
	// DurationSeconds is the duration that the summary event states.
	DurationSeconds int `json:"durationSeconds"`
	// ResourceChanges counts the resource steps by operation ("create", "same", ...).
	ResourceChanges map[string]int `json:"resourceChanges"`
}

// Counts counts the violations. A violation counts once under its level and, when an exception
// matched it, under Waived too.
type Counts struct {
	// Total is the number of violations.
	Total int `json:"total"`
	// Blocking counts the mandatory violations without an exception: the engine stops on them.
	Blocking  int `json:"blocking"`
	Mandatory int `json:"mandatory"`
	Advisory  int `json:"advisory"`
	Disabled  int `json:"disabled"`
	Waived    int `json:"waived"`
}

// Pack is a policy pack that reported a result.
type Pack struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Policy is the result of one policy over the whole operation.
type Policy struct {
	Name              string `json:"name"`
	PolicyPack        string `json:"policyPack"`
	PolicyPackVersion string `json:"policyPackVersion"`
	// Description is the first line of the policy's violation messages, empty when it has none.
	Description string `json:"description"`
	// EnforcementLevel and Severity are the strongest seen in the policy's violations, empty when it
	// has none: summary events do not carry them.
	EnforcementLevel string `json:"enforcementLevel"`
	Severity         string `json:"severity"`
	// ResourcesPassed and ResourcesFailed count the resource analyses that named the policy as passed
	// or failed. The engine analyzes a resource once per operation that registers it.
	ResourcesPassed int `json:"resourcesPassed"`
	ResourcesFailed int `json:"resourcesFailed"`
	// StackPassed and StackFailed count the stack analyses that named the policy as passed or failed.
	StackPassed int `json:"stackPassed"`
	StackFailed int `json:"stackFailed"`
	// Violations counts the policy's violations, Blocking those among them that stop the operation.
	Violations int `json:"violations"`
	Blocking   int `json:"blocking"`
	// Remediations counts the resources whose inputs the policy changed.
	Remediations int `json:"remediations"`
}

// Violation is one policy violation on one resource.
type Violation struct {
	Policy            string `json:"policy"`
	PolicyPack        string `json:"policyPack"`
	PolicyPackVersion string `json:"policyPackVersion"`
	// EnforcementLevel is the level the engine reported: "mandatory", "advisory" or "disabled".
	EnforcementLevel string `json:"enforcementLevel"`
	// Severity is "low", "medium", "high" or "critical", and empty when the policy sets none.
	Severity string `json:"severity"`
	// Blocking reports a mandatory violation without an exception, which stops the operation.
	Blocking bool `json:"blocking"`
	// ResourceURN is the resource the violation is about. For a stack policy that names no resource
	// it is the stack's URN; it is empty only in logs of engines that sent no URN.
	ResourceURN  string `json:"resourceUrn"`
	ResourceType string `json:"resourceType"`
	ResourceName string `json:"resourceName"`
	// Message is the engine's message without color directives or trailing newline.
	Message string `json:"message"`
	// Description and Detail split Message at its first newline. The Pulumi policy SDKs (policyx
	// v3.276.0 among them) send the policy description first and the policy's own message after it.
	// Detail is empty for a one-line message.
	Description string `json:"description"`
	Detail      string `json:"detail"`
	// Exceptions are the policy exceptions that matched, which keep a mandatory violation from
	// stopping the operation.
	Exceptions []Exception `json:"exceptions"`
	// Fingerprint identifies the violation across runs: a hash of the policy pack, the policy and the
	// resource URN, in hexadecimal. Messages and levels do not change it.
	Fingerprint string `json:"fingerprint"`
}

// Level returns the violation's level as LevelMandatory, LevelAdvisory or LevelDisabled: remediate
// counts as mandatory, and a level this package does not know counts as advisory.
func (v Violation) Level() string { return normalizeLevel(v.EnforcementLevel) }

// Exception is a policy exception that matched a violation.
type Exception struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Remediation is a change that a remediation policy made to a resource's inputs.
type Remediation struct {
	Policy            string `json:"policy"`
	PolicyPack        string `json:"policyPack"`
	PolicyPackVersion string `json:"policyPackVersion"`
	ResourceURN       string `json:"resourceUrn"`
}

// LogInfo describes the event log the report was built from.
type LogInfo struct {
	Events        int  `json:"events"`
	UnknownEvents int  `json:"unknownEvents"`
	Truncated     bool `json:"truncated"`
	// Complete reports that the log has the operation's summary event and no truncated line.
	Complete bool `json:"complete"`
}

// New builds the report of an event log.
func New(log *EventLog) *Report {
	b := newBuilder()
	for _, event := range log.Events {
		b.add(event)
	}
	return b.finish(log)
}

// builder collects a report while events are added.
type builder struct {
	report   Report
	summary  *apitype.SummaryEvent
	policies map[policyKey]*Policy
	packs    map[Pack]bool
	first    int
	last     int
}

type policyKey struct{ pack, name string }

func newBuilder() *builder {
	return &builder{
		report: Report{
			FormatVersion: FormatVersion,
			Violations:    []Violation{},
			Remediations:  []Remediation{},
			EngineErrors:  []string{},
		},
		policies: map[policyKey]*Policy{},
		packs:    map[Pack]bool{},
	}
}

func (b *builder) add(event apitype.EngineEvent) {
	if event.Timestamp > 0 {
		if b.first == 0 || event.Timestamp < b.first {
			b.first = event.Timestamp
		}
		b.last = max(b.last, event.Timestamp)
	}

	switch {
	case event.PolicyEvent != nil:
		b.addViolation(event.PolicyEvent)
	case event.PolicyAnalyzeSummaryEvent != nil:
		e := event.PolicyAnalyzeSummaryEvent
		b.noteURN(e.ResourceURN)
		for _, name := range e.Passed {
			b.policy(e.PolicyPackName, e.PolicyPackVersion, name).ResourcesPassed++
		}
		for _, name := range e.Failed {
			b.policy(e.PolicyPackName, e.PolicyPackVersion, name).ResourcesFailed++
		}
	case event.PolicyAnalyzeStackSummaryEvent != nil:
		e := event.PolicyAnalyzeStackSummaryEvent
		for _, name := range e.Passed {
			b.policy(e.PolicyPackName, e.PolicyPackVersion, name).StackPassed++
		}
		for _, name := range e.Failed {
			b.policy(e.PolicyPackName, e.PolicyPackVersion, name).StackFailed++
		}
	case event.PolicyRemediationEvent != nil:
		e := event.PolicyRemediationEvent
		b.noteURN(e.ResourceURN)
		b.policy(e.PolicyPackName, e.PolicyPackVersion, e.PolicyName).Remediations++
		b.report.Remediations = append(b.report.Remediations, Remediation{
			Policy:            e.PolicyName,
			PolicyPack:        e.PolicyPackName,
			PolicyPackVersion: e.PolicyPackVersion,
			ResourceURN:       e.ResourceURN,
		})
	case event.ResourcePreEvent != nil:
		b.noteURN(event.ResourcePreEvent.Metadata.URN)
	case event.DiagnosticEvent != nil && event.DiagnosticEvent.Severity == "error":
		message := strings.TrimSpace(colors.Never.Colorize(event.DiagnosticEvent.Message))
		b.report.EngineErrors = append(b.report.EngineErrors, message)
	case event.SummaryEvent != nil:
		b.summary = event.SummaryEvent
	}
}

func (b *builder) addViolation(e *apitype.PolicyEvent) {
	b.noteURN(e.ResourceURN)
	message := strings.TrimSpace(colors.Never.Colorize(e.Message))
	description, detail, _ := strings.Cut(message, "\n")

	v := Violation{
		Policy:            e.PolicyName,
		PolicyPack:        e.PolicyPackName,
		PolicyPackVersion: e.PolicyPackVersion,
		EnforcementLevel:  e.EnforcementLevel,
		Severity:          e.Severity,
		ResourceURN:       e.ResourceURN,
		Message:           message,
		Description:       strings.TrimSpace(description),
		Detail:            strings.TrimSpace(detail),
		Exceptions:        []Exception{},
		Fingerprint:       fingerprint(e.PolicyPackName, e.PolicyName, e.ResourceURN),
	}
	if parsed, err := urn.Parse(e.ResourceURN); err == nil {
		v.ResourceType = string(parsed.Type())
		v.ResourceName = parsed.Name()
	}
	for _, exception := range e.Exceptions {
		v.Exceptions = append(v.Exceptions, Exception{ID: exception.ID, Reason: exception.Reason})
	}
	// The engine (pkg/v3 resource/deploy, v3.276.0) stops on a mandatory violation that no exception
	// matched. It turns a remediate level into mandatory before it reports a violation, so remediate
	// counts as mandatory here for logs of other engine versions.
	level := normalizeLevel(v.EnforcementLevel)
	v.Blocking = level == LevelMandatory && len(v.Exceptions) == 0
	b.report.Violations = append(b.report.Violations, v)

	counts := &b.report.Counts
	counts.Total++
	switch level {
	case LevelMandatory:
		counts.Mandatory++
	case LevelDisabled:
		counts.Disabled++
	default:
		counts.Advisory++
	}
	if len(v.Exceptions) > 0 {
		counts.Waived++
	}
	if v.Blocking {
		counts.Blocking++
	}

	policy := b.policy(v.PolicyPack, v.PolicyPackVersion, v.Policy)
	policy.Violations++
	if v.Blocking {
		policy.Blocking++
	}
	if policy.Description == "" {
		policy.Description = v.Description
	}
	if policy.EnforcementLevel == "" || levelRank(level) > levelRank(normalizeLevel(policy.EnforcementLevel)) {
		policy.EnforcementLevel = v.EnforcementLevel
	}
	if severityRank(v.Severity) > severityRank(policy.Severity) {
		policy.Severity = v.Severity
	}
}

// policy returns the entry of a policy, created on first use, and records its pack.
func (b *builder) policy(pack, version, name string) *Policy {
	b.packs[Pack{Name: pack, Version: version}] = true
	key := policyKey{pack: pack, name: name}
	if p, ok := b.policies[key]; ok {
		return p
	}
	p := &Policy{Name: name, PolicyPack: pack, PolicyPackVersion: version}
	b.policies[key] = p
	return p
}

// noteURN takes the stack and project from the first valid URN.
func (b *builder) noteURN(s string) {
	if b.report.Operation.Stack != "" || s == "" {
		return
	}
	parsed, err := urn.Parse(s)
	if err != nil {
		return
	}
	b.report.Operation.Stack = string(parsed.Stack())
	b.report.Operation.Project = string(parsed.Project())
}

func (b *builder) finish(log *EventLog) *Report {
	r := &b.report
	r.EventLog = LogInfo{
		Events:        len(log.Events),
		UnknownEvents: log.UnknownEvents,
		Truncated:     log.Truncated,
		Complete:      b.summary != nil && !log.Truncated,
	}

	op := &r.Operation
	op.ResourceChanges = map[string]int{}
	if b.first > 0 {
		op.StartTime = time.Unix(int64(b.first), 0).UTC().Format(time.RFC3339)
		op.EndTime = time.Unix(int64(b.last), 0).UTC().Format(time.RFC3339)
	}
	if b.summary == nil {
		op.Result = ResultIncomplete
	} else {
		op.Kind = OperationUpdate
		if b.summary.IsPreview {
			op.Kind = OperationPreview
		}
		op.Result = string(b.summary.Result)
		op.DurationSeconds = b.summary.DurationSeconds
		for kind, count := range b.summary.ResourceChanges {
			op.ResourceChanges[string(kind)] = count
		}
	}

	r.PolicyPacks = []Pack{}
	for pack := range b.packs {
		r.PolicyPacks = append(r.PolicyPacks, pack)
	}
	slices.SortFunc(r.PolicyPacks, func(x, y Pack) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Version, y.Version))
	})

	r.Policies = []Policy{}
	for _, p := range b.policies {
		r.Policies = append(r.Policies, *p)
	}
	slices.SortFunc(r.Policies, func(x, y Policy) int {
		return cmp.Or(cmp.Compare(x.PolicyPack, y.PolicyPack), cmp.Compare(x.Name, y.Name))
	})

	slices.SortStableFunc(r.Violations, compareViolations)
	slices.SortStableFunc(r.Remediations, func(x, y Remediation) int {
		return cmp.Or(cmp.Compare(x.PolicyPack, y.PolicyPack), cmp.Compare(x.Policy, y.Policy),
			cmp.Compare(x.ResourceURN, y.ResourceURN))
	})

	r.Verdict = verdict(r)
	return r
}

func verdict(r *Report) Verdict {
	switch {
	case r.Counts.Blocking > 0:
		return VerdictFail
	case !r.EventLog.Complete:
		return VerdictIncomplete
	case len(r.PolicyPacks) == 0:
		return VerdictNoPolicies
	default:
		return VerdictPass
	}
}

// compareViolations orders blocking violations first, then by level, severity, policy and resource.
// The engine analyzes resources in parallel, so the log's order changes from run to run.
func compareViolations(a, b Violation) int {
	if a.Blocking != b.Blocking {
		if a.Blocking {
			return -1
		}
		return 1
	}
	return cmp.Or(
		-cmp.Compare(levelRank(normalizeLevel(a.EnforcementLevel)), levelRank(normalizeLevel(b.EnforcementLevel))),
		-cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)),
		cmp.Compare(a.PolicyPack, b.PolicyPack),
		cmp.Compare(a.Policy, b.Policy),
		cmp.Compare(a.ResourceURN, b.ResourceURN),
		cmp.Compare(a.Message, b.Message),
	)
}

// normalizeLevel maps an enforcement level to mandatory, advisory or disabled. Remediate counts as
// mandatory because the engine treats it so for violations. "warning" and "none" are the names that
// the comment on apitype.PolicyEvent (v3.276.0) gives for advisory and disabled. Any other value
// counts as advisory, because the engine stops only on mandatory.
func normalizeLevel(level string) string {
	switch level {
	case LevelMandatory, LevelRemediate:
		return LevelMandatory
	case LevelDisabled, "none":
		return LevelDisabled
	default:
		return LevelAdvisory
	}
}

func levelRank(normalized string) int {
	switch normalized {
	case LevelMandatory:
		return 3
	case LevelAdvisory:
		return 2
	case LevelDisabled:
		return 1
	default:
		return 0
	}
}

func severityRank(severity string) int {
	switch severity {
	case "critical":
		return 4
	case "high":
		return 3
	case "medium":
		return 2
	case "low":
		return 1
	default:
		return 0
	}
}

// fingerprint hashes the parts that identify a violation across runs. The NUL separators keep
// ("a", "bc") and ("ab", "c") apart.
func fingerprint(pack, policy, resourceURN string) string {
	sum := sha256.Sum256([]byte(pack + "\x00" + policy + "\x00" + resourceURN))
	return hex.EncodeToString(sum[:16])
}
