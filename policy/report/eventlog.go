package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// ErrNoEvents marks an input that holds no engine event this package recognizes.
var ErrNoEvents = errors.New("no engine event found")

// EventLog is an engine event log as `pulumi preview --event-log FILE` or `pulumi up --event-log FILE`
// writes it: one JSON apitype.EngineEvent a line.
type EventLog struct {
	// Events are the recognized events in file order.
	Events []apitype.EngineEvent
	// UnknownEvents counts the lines that parsed as JSON objects but set no event field of
	// apitype.EngineEvent, such as event kinds added by a newer CLI. They are left out of Events.
	UnknownEvents int
	// Truncated reports that the last line was cut off, as it is when a run is cancelled or killed
	// while the CLI writes. That line is left out.
	Truncated bool
}

// ReadEventLogFile reads the event log at path. See ReadEventLog for the errors.
func ReadEventLogFile(path string) (*EventLog, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening event log: %w (pass the file that `pulumi preview --event-log FILE` or `pulumi up --event-log FILE` wrote)", err)
	}
	defer file.Close()

	log, err := ReadEventLog(file)
	if err != nil {
		return nil, fmt.Errorf("reading event log %s: %w", path, err)
	}
	return log, nil
}

// ReadEventLog parses an event log. Blank lines are skipped. A last line without a newline that is
// not valid JSON is taken as cut off and sets Truncated. Any other line that is not a JSON object is
// an error that names its line number, and an input without a single recognized event returns
// ErrNoEvents.
func ReadEventLog(r io.Reader) (*EventLog, error) {
	log := &EventLog{}
	// A bufio.Reader has no line length limit, unlike bufio.Scanner, and an event that carries
	// resource inputs and outputs can be long.
	reader := bufio.NewReader(r)
	for number := 1; ; number++ {
		line, readErr := reader.ReadBytes('\n')
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return nil, fmt.Errorf("reading line %d: %w", number, readErr)
		}
		complete := bytes.HasSuffix(line, []byte("\n"))
		line = bytes.TrimSpace(line)

		if len(line) > 0 {
			var event apitype.EngineEvent
			err := json.Unmarshal(line, &event)
			switch {
			case err != nil && !complete:
				log.Truncated = true
			case err != nil:
				return nil, fmt.Errorf("line %d is not a JSON engine event: %w (an event log has one JSON object a line; "+
					"the output of --json is a different format)", number, err)
			case hasEventKind(event):
				log.Events = append(log.Events, event)
			default:
				log.UnknownEvents++
			}
		}
		if errors.Is(readErr, io.EOF) {
			break
		}
	}

	if len(log.Events) == 0 {
		return nil, fmt.Errorf("%w: %d unknown event(s), truncated last line: %t (the file is empty or is not an event log)",
			ErrNoEvents, log.UnknownEvents, log.Truncated)
	}
	return log, nil
}

// hasEventKind reports whether one of the event fields of an EngineEvent is set. The fields are
// pointers, one per event kind, and the CLI sets exactly one of them.
func hasEventKind(event apitype.EngineEvent) bool {
	value := reflect.ValueOf(event)
	for i := range value.NumField() {
		field := value.Field(i)
		if field.Kind() == reflect.Pointer && !field.IsNil() {
			return true
		}
	}
	return false
}
