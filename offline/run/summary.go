package run

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
)

// Violation is one policy violation the engine reported.
type Violation struct {
	Policy  string
	Level   string // "mandatory", "advisory" or "disabled", as the engine names them
	URN     string
	Message string
}

// Summary is the record of what the engine reported during one preview or update.
type Summary struct {
	// mu guards the fields while events arrive; an operation that failed early may leave the
	// collector running.
	mu sync.Mutex

	Operation string
	// Steps counts resources by type and then by operation ("create", "same", "replace", ...).
	Steps map[string]map[string]int
	// Violations are in the order the engine reported them.
	Violations []Violation
	// Passed and Failed count, per policy, the resources it checked with and without a violation.
	Passed map[string]int
	Failed map[string]int
	// Packs names the policy packs that analyzed resources, as "name@version".
	Packs map[string]bool
	// Errors are the engine's error diagnostics.
	Errors []string
	// EventLog is the event log file of the operation, empty unless Stack.EventLogDir is set.
	EventLog string
	// ResourceSteps are the steps of every resource in the order the engine reported them.
	ResourceSteps []ResourceStep
}

// ResourceStep is one step the engine planned or took for a resource.
type ResourceStep struct {
	URN  string
	Type string
	// Op is the engine's operation, such as "create", "same", "update" or "replace".
	Op string
	// Keys are the inputs whose change forces a replacement, as the provider reported them. The engine
	// sets them on "replace" and "create-replacement" steps only.
	Keys []string
}

// replacementOps are the engine operations that belong to a replacement. The engine reports a replaced
// resource with "create-replacement", "replace" and "delete-replaced" steps, and a replaced read
// resource with "discard-replaced".
var replacementOps = map[string]bool{
	"replace": true, "create-replacement": true, "delete-replaced": true, "discard-replaced": true,
}

func newSummary(operation string) *Summary {
	return &Summary{
		Operation: operation,
		Steps:     map[string]map[string]int{},
		Passed:    map[string]int{},
		Failed:    map[string]int{},
		Packs:     map[string]bool{},
	}
}

// collect reads engine events until the channel closes.
func (s *Summary) collect(ch <-chan events.EngineEvent) {
	for ev := range ch {
		s.add(ev)
	}
}

func (s *Summary) add(ev events.EngineEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()

	switch {
	case ev.ResourcePreEvent != nil:
		meta := ev.ResourcePreEvent.Metadata
		if s.Steps[meta.Type] == nil {
			s.Steps[meta.Type] = map[string]int{}
		}
		s.Steps[meta.Type][string(meta.Op)]++
		s.ResourceSteps = append(s.ResourceSteps, ResourceStep{
			URN: meta.URN, Type: meta.Type, Op: string(meta.Op), Keys: meta.Keys,
		})
	case ev.PolicyEvent != nil:
		p := ev.PolicyEvent
		s.Violations = append(s.Violations, Violation{
			Policy: p.PolicyName, Level: p.EnforcementLevel, URN: p.ResourceURN, Message: p.Message,
		})
		s.Packs[p.PolicyPackName+"@"+p.PolicyPackVersion] = true
	case ev.PolicyAnalyzeSummaryEvent != nil:
		p := ev.PolicyAnalyzeSummaryEvent
		s.Packs[p.PolicyPackName+"@"+p.PolicyPackVersion] = true
		for _, name := range p.Passed {
			s.Passed[name]++
		}
		for _, name := range p.Failed {
			s.Failed[name]++
		}
	case ev.PolicyAnalyzeStackSummaryEvent != nil:
		p := ev.PolicyAnalyzeStackSummaryEvent
		s.Packs[p.PolicyPackName+"@"+p.PolicyPackVersion] = true
		for _, name := range p.Passed {
			s.Passed[name]++
		}
		for _, name := range p.Failed {
			s.Failed[name]++
		}
	case ev.DiagnosticEvent != nil && ev.DiagnosticEvent.Severity == "error":
		s.Errors = append(s.Errors, strings.TrimSpace(ev.DiagnosticEvent.Message))
	}
}

// Replacements returns the replacement steps of resources of the type token, or of every type when typ
// is empty.
func (s *Summary) Replacements(typ string) []ResourceStep {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ResourceStep
	for _, step := range s.ResourceSteps {
		if replacementOps[step.Op] && (typ == "" || step.Type == typ) {
			out = append(out, step)
		}
	}
	return out
}

// Mandatory returns the violations at the mandatory level.
func (s *Summary) Mandatory() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mandatory()
}

func (s *Summary) mandatory() []Violation {
	var out []Violation
	for _, v := range s.Violations {
		if v.Level == "mandatory" {
			out = append(out, v)
		}
	}
	return out
}

// Changes counts the steps other than "same", which a no-change preview must not have. The project
// refreshes before every operation, so "refresh" steps do not count: drift that a refresh reads back
// shows up as an update or replacement step of the same resource.
func (s *Summary) Changes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, ops := range s.Steps {
		for op, count := range ops {
			if op != "same" && op != "refresh" {
				n += count
			}
		}
	}
	return n
}

// Print writes the summary as a short report.
func (s *Summary) Print(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(w, "\n== %s summary\n", s.Operation)
	fmt.Fprintln(w, "resources by type:")
	for _, typ := range slices.Sorted(maps.Keys(s.Steps)) {
		ops := s.Steps[typ]
		parts := make([]string, 0, len(ops))
		for _, op := range slices.Sorted(maps.Keys(ops)) {
			parts = append(parts, fmt.Sprintf("%s %d", op, ops[op]))
		}
		fmt.Fprintf(w, "  %-70s %s\n", typ, strings.Join(parts, ", "))
	}

	packs := slices.Sorted(maps.Keys(s.Packs))
	if len(packs) == 0 {
		fmt.Fprintln(w, "policy packs: none reported a result")
	} else {
		fmt.Fprintf(w, "policy packs: %s\n", strings.Join(packs, ", "))
	}
	policies := slices.Sorted(maps.Keys(mergeKeys(s.Passed, s.Failed)))
	for _, name := range policies {
		fmt.Fprintf(w, "  %-40s passed %d, failed %d\n", name, s.Passed[name], s.Failed[name])
	}
	fmt.Fprintf(w, "violations: %d mandatory, %d in all\n", len(s.mandatory()), len(s.Violations))
	for _, v := range s.Violations {
		fmt.Fprintf(w, "  [%s] %s on %s\n", v.Level, v.Policy, v.URN)
		for _, line := range strings.Split(v.Message, "\n") {
			fmt.Fprintf(w, "      %s\n", line)
		}
	}
}

func mergeKeys(a, b map[string]int) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
