package run

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
)

// ErrPolicyViolation marks an operation that a mandatory policy stopped.
var ErrPolicyViolation = errors.New("a mandatory policy stopped the operation")

// ErrNotConverged marks a preview after an update that still plans changes.
var ErrNotConverged = errors.New("the preview after the update plans changes")

// Preview runs `pulumi preview` with the policy pack and returns what the engine reported. A
// mandatory violation returns ErrPolicyViolation along with the summary.
func (s *Stack) Preview(ctx context.Context, out io.Writer) (*Summary, error) {
	return s.operate("preview", func(streams []chan<- events.EngineEvent) error {
		_, err := s.Stack.Preview(ctx,
			optpreview.PolicyPacks(s.tools.PolicyPack),
			optpreview.PolicyPackConfigs(s.policyPackConfigs()...),
			optpreview.EventStreams(streams...),
			optpreview.ProgressStreams(out),
			optpreview.ErrorProgressStreams(out),
			optpreview.Color("never"),
		)
		return err
	})
}

// Up runs `pulumi up` with the policy pack and returns what the engine reported.
func (s *Stack) Up(ctx context.Context, out io.Writer) (*Summary, error) {
	return s.operate("up", func(streams []chan<- events.EngineEvent) error {
		_, err := s.Stack.Up(ctx,
			optup.PolicyPacks(s.tools.PolicyPack),
			optup.PolicyPackConfigs(s.policyPackConfigs()...),
			optup.EventStreams(streams...),
			optup.ProgressStreams(out),
			optup.ErrorProgressStreams(out),
			optup.Color("never"),
		)
		return err
	})
}

// operate runs one engine operation, passing it the event channels of the summary and of the event
// log, and returns the summary once the event stream has ended.
func (s *Stack) operate(operation string, run func([]chan<- events.EngineEvent) error) (*Summary, error) {
	log, err := s.startEventLog(operation)
	if err != nil {
		return newSummary(operation), err
	}
	summary, ch, wait := startCollecting(operation)
	err = run(log.streams(ch))
	wait(err)

	eventLog, logErr := log.close(err)
	summary.EventLog = eventLog
	if err == nil && logErr != nil {
		return summary, logErr
	}
	return summary, classify(summary, err)
}

// eventDrainTimeout bounds the wait for the event stream after a failed operation.
const eventDrainTimeout = 5 * time.Second

// startCollecting starts a summary that reads engine events from the returned channel. Call wait with
// the operation's error once the operation returns; afterwards the summary is complete.
//
// The Automation API closes the channel when the CLI ends its event stream. When the CLI fails before
// it opens the stream (invalid stack settings, for example), the v3.276.0 SDK never closes the channel,
// so after a failure wait gives up after eventDrainTimeout. No event arrives in that case.
func startCollecting(operation string) (*Summary, chan events.EngineEvent, func(error)) {
	summary := newSummary(operation)
	ch := make(chan events.EngineEvent)
	done := make(chan struct{})
	go func() {
		summary.collect(ch)
		close(done)
	}()
	wait := func(err error) {
		if err == nil {
			<-done
			return
		}
		select {
		case <-done:
		case <-time.After(eventDrainTimeout):
		}
	}
	return summary, ch, wait
}

func classify(summary *Summary, err error) error {
	if err == nil {
		return nil
	}
	if len(summary.Mandatory()) > 0 {
		return fmt.Errorf("%s: %w: %d mandatory violation(s)", summary.Operation, ErrPolicyViolation,
			len(summary.Mandatory()))
	}
	// The engine's error diagnostics give the reason, while err often reports only that the CLI exited with 1.
	summary.mu.Lock()
	var causes []string
	for _, message := range summary.Errors {
		if message != "" && !strings.Contains(err.Error(), message) {
			causes = append(causes, message)
		}
	}
	summary.mu.Unlock()
	if len(causes) > 0 {
		return fmt.Errorf("%s failed: %w\n%s", summary.Operation, err, strings.Join(causes, "\n"))
	}
	return fmt.Errorf("%s failed: %w", summary.Operation, err)
}

// Cycle runs preview, up and a second preview, printing each summary, and stops at the first
// failure. It returns ErrNotConverged when the second preview plans any change.
func (s *Stack) Cycle(ctx context.Context, out io.Writer) ([]*Summary, error) {
	summaries, err := runCycle(ctx, out, "stack "+s.Name, []cycleStep{
		{"preview", s.Preview},
		{"up", s.Up},
		{"second preview (must plan no changes)", s.Preview},
	})
	if err != nil {
		return summaries, err
	}
	if last := summaries[len(summaries)-1]; last.Changes() > 0 {
		return summaries, fmt.Errorf("stack %s: %w: %d step(s)", s.Name, ErrNotConverged, last.Changes())
	}
	return summaries, nil
}

// cycleStep is one operation of a cycle.
type cycleStep struct {
	title string
	run   func(context.Context, io.Writer) (*Summary, error)
}

// runCycle runs the steps in order, printing a heading naming the stack and each summary, and stops at
// the first failure.
func runCycle(ctx context.Context, out io.Writer, stack string, steps []cycleStep) ([]*Summary, error) {
	var summaries []*Summary
	for _, step := range steps {
		fmt.Fprintf(out, "\n==== %s of %s\n", step.title, stack)
		summary, err := step.run(ctx, out)
		summaries = append(summaries, summary)
		summary.Print(out)
		if err != nil {
			return summaries, err
		}
	}
	return summaries, nil
}
