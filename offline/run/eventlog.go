package run

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
)

// ReportsDir is the folder where the offline command writes event logs and policy reports.
func (p Paths) ReportsDir() string { return filepath.Join(p.ScratchDir, "reports") }

// eventLogFile writes the engine events of one operation to a file, one JSON object a line.
//
// The format is the one `pulumi preview --event-log FILE` and `pulumi up --event-log FILE` write. The
// CLI (pkg/v3 backend/display, v3.276.0) encodes each apitype.EngineEvent with json.Encoder and HTML
// escaping off, and with --color never it removes the color directives from messages. The Automation
// API passes its own `--event-log` to the CLI, which sends those same JSON lines over gRPC, and decodes
// each line into apitype.EngineEvent. Encoding that struct again with the same settings gives back the
// CLI's line as long as the SDK's apitype matches the CLI's version, which holds for the pinned v3.276.0.
// NOTE: fields that a newer CLI adds to its events are lost in the round trip, and a line the SDK
// cannot decode is left out (the SDK hands over only the decode error).
type eventLogFile struct {
	path string
	ch   chan events.EngineEvent
	done chan struct{}

	// mu guards file and err: after close gives up waiting, a late event must not write to a closed file.
	mu   sync.Mutex
	file *os.File
	enc  *json.Encoder
	err  error
}

// startEventLog creates the event log of the next operation when EventLogDir is set, and returns nil
// otherwise. Files are named <stack>-<n>-<operation>.events.jsonl, where n counts the operations
// this Stack value ran, starting at 1, so that the previews of a Cycle keep separate logs.
func (s *Stack) startEventLog(operation string) (*eventLogFile, error) {
	if s.EventLogDir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(s.EventLogDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating event log folder %s: %w", s.EventLogDir, err)
	}
	s.operations++
	path := filepath.Join(s.EventLogDir, fmt.Sprintf("%s-%d-%s.events.jsonl", s.Name, s.operations, operation))
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating event log %s: %w", path, err)
	}
	enc := json.NewEncoder(file)
	enc.SetEscapeHTML(false)

	log := &eventLogFile{
		path: path,
		ch:   make(chan events.EngineEvent),
		done: make(chan struct{}),
		file: file,
		enc:  enc,
	}
	go log.write()
	return log, nil
}

func (l *eventLogFile) write() {
	defer close(l.done)
	for ev := range l.ch {
		if ev.Error != nil {
			continue
		}
		l.mu.Lock()
		if l.file != nil && l.err == nil {
			if err := l.enc.Encode(ev.EngineEvent); err != nil {
				l.err = fmt.Errorf("writing event log %s: %w", l.path, err)
			}
		}
		l.mu.Unlock()
	}
}

// streams returns the event channels to pass to the operation: the summary's, and this log's when
// there is one.
func (l *eventLogFile) streams(summary chan events.EngineEvent) []chan<- events.EngineEvent {
	if l == nil {
		return []chan<- events.EngineEvent{summary}
	}
	return []chan<- events.EngineEvent{summary, l.ch}
}

// close waits for the event stream to end, like the summary's wait, closes the file and returns its
// path.
func (l *eventLogFile) close(opErr error) (string, error) {
	if l == nil {
		return "", nil
	}
	if opErr == nil {
		<-l.done
	} else {
		select {
		case <-l.done:
		case <-time.After(eventDrainTimeout):
		}
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.file.Close(); err != nil && l.err == nil {
		l.err = fmt.Errorf("closing event log %s: %w", l.path, err)
	}
	l.file = nil
	return l.path, l.err
}
