package report

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	violationsLog = "testdata/violations.events.jsonl"
	truncatedLog  = "testdata/truncated.events.jsonl"
)

func TestReadEventLogFile(t *testing.T) {
	tests := []struct {
		name      string
		path      string
		events    int
		unknown   int
		truncated bool
	}{
		{name: "complete log", path: violationsLog, events: 23, unknown: 1},
		{name: "truncated last line", path: truncatedLog, events: 21, unknown: 1, truncated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, err := ReadEventLogFile(tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.events, len(log.Events))
			assert.Equal(t, tt.unknown, log.UnknownEvents)
			assert.Equal(t, tt.truncated, log.Truncated)
		})
	}
}

func TestReadEventLogFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.jsonl")
	_, err := ReadEventLogFile(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "--event-log FILE")
}

func TestReadEventLog(t *testing.T) {
	const prelude = `{"sequence":1,"timestamp":1,"preludeEvent":{"config":{}}}`
	const cancel = `{"sequence":2,"timestamp":1,"cancelEvent":{}}`
	longMessage := strings.Repeat("x", 200_000)

	tests := []struct {
		name      string
		input     string
		events    int
		unknown   int
		truncated bool
		err       string
		noEvents  bool
	}{
		{name: "two events", input: prelude + "\n" + cancel + "\n", events: 2},
		{name: "last line complete without newline", input: prelude + "\n" + cancel, events: 2},
		{name: "blank lines and CRLF", input: "\n" + prelude + "\r\n\r\n" + cancel + "\r\n", events: 2},
		{name: "truncated last line", input: prelude + "\n" + cancel[:20], events: 1, truncated: true},
		{name: "unknown event kind", input: prelude + "\n" + `{"sequence":2,"newKind":{"a":1}}` + "\n", events: 1, unknown: 1},
		{
			name:   "line longer than a scanner buffer",
			input:  `{"sequence":1,"diagnosticEvent":{"message":"` + longMessage + `","color":"never","severity":"info"}}` + "\n",
			events: 1,
		},
		{name: "empty input", input: "", noEvents: true},
		{name: "only unknown events", input: `{"sequence":1}` + "\n" + `{"other":{}}` + "\n", noEvents: true},
		{name: "only a truncated line", input: `{"sequence":1,"pre`, noEvents: true},
		{name: "broken line in the middle", input: prelude + "\n" + "{not json\n" + cancel + "\n", err: "line 2 is not a JSON engine event"},
		{name: "JSON output instead of an event log", input: "{\n  \"steps\": []\n}\n", err: "line 1 is not a JSON engine event"},
		{name: "array line", input: "[1, 2]\n" + cancel + "\n", err: "line 1 is not a JSON engine event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, err := ReadEventLog(strings.NewReader(tt.input))
			switch {
			case tt.noEvents:
				require.ErrorIs(t, err, ErrNoEvents)
				return
			case tt.err != "":
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.events, len(log.Events))
			assert.Equal(t, tt.unknown, log.UnknownEvents)
			assert.Equal(t, tt.truncated, log.Truncated)
		})
	}
}

func TestReadEventLogKeepsOrder(t *testing.T) {
	input := `{"sequence":7,"timestamp":1,"preludeEvent":{"config":{}}}` + "\n" +
		`{"sequence":3,"timestamp":1,"cancelEvent":{}}` + "\n"
	log, err := ReadEventLog(strings.NewReader(input))
	require.NoError(t, err)
	require.Len(t, log.Events, 2)
	assert.Equal(t, 7, log.Events[0].Sequence)
	assert.NotNil(t, log.Events[0].PreludeEvent)
	assert.Equal(t, 3, log.Events[1].Sequence)
	assert.NotNil(t, log.Events[1].CancelEvent)
}
