package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testToken = "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"

// decodeLines returns each line of output decoded as a JSON object.
func decodeLines(t *testing.T, output string) []map[string]any {
	t.Helper()

	var records []map[string]any
	for line := range strings.Lines(output) {
		var record map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &record), "log line is not JSON: %s", line)
		records = append(records, record)
	}
	return records
}

// setFunctionName sets lambdacontext.FunctionName for the test, as Lambda does from AWS_LAMBDA_FUNCTION_NAME.
func setFunctionName(t *testing.T, name string) {
	t.Helper()

	previous := lambdacontext.FunctionName
	lambdacontext.FunctionName = name
	t.Cleanup(func() { lambdacontext.FunctionName = previous })
}

func TestNewWritesFixedKeys(t *testing.T) {
	var out bytes.Buffer
	logger := New(&out, slog.LevelInfo)

	logger.Info("request handled", KeyStatus, 200)

	records := decodeLines(t, out.String())
	require.Len(t, records, 1)
	record := records[0]
	assert.Equal(t, "request handled", record[KeyMessage])
	assert.Equal(t, "INFO", record[KeyLevel])
	assert.Contains(t, record, KeyTimestamp)
	assert.Equal(t, 200.0, record[KeyStatus])
	assert.NotContains(t, record, slog.TimeKey)
	assert.NotContains(t, record, slog.MessageKey)
}

func TestNewLevelFilters(t *testing.T) {
	var out bytes.Buffer
	logger := New(&out, slog.LevelWarn)

	logger.Info("dropped")
	logger.Warn("kept")

	records := decodeLines(t, out.String())
	require.Len(t, records, 1)
	assert.Equal(t, "kept", records[0][KeyMessage])
}

func TestNewRedactsCredentialKeys(t *testing.T) {
	tests := []struct {
		name string
		attr slog.Attr
	}{
		{name: "authorization", attr: slog.String("Authorization", "Bearer "+testToken)},
		{name: "token", attr: slog.String("token", testToken)},
		{name: "id token", attr: slog.String("idToken", testToken)},
		{name: "headers map", attr: slog.Any("headers", map[string]string{"Authorization": testToken})},
		{name: "multi value headers", attr: slog.Any("multiValueHeaders", map[string][]string{"Authorization": {testToken}})},
		{name: "cookie", attr: slog.String("cookie", "session="+testToken)},
		{name: "headers group", attr: slog.Group("headers", slog.String("X-Custom", testToken))},
		{name: "nested authorization", attr: slog.Group("request", slog.String("authorization", testToken))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			logger := New(&out, slog.LevelInfo)

			logger.LogAttrs(context.Background(), slog.LevelInfo, "request received", tt.attr)

			assert.NotContains(t, out.String(), testToken)
			assert.Contains(t, out.String(), RedactedValue)
			assert.Len(t, decodeLines(t, out.String()), 1)
		})
	}
}

func TestNewKeepsOtherKeys(t *testing.T) {
	var out bytes.Buffer
	logger := New(&out, slog.LevelInfo)

	logger.Info("request handled", KeySubject, "s-1", "path", "/me")

	records := decodeLines(t, out.String())
	require.Len(t, records, 1)
	assert.Equal(t, "s-1", records[0][KeySubject])
	assert.Equal(t, "/me", records[0]["path"])
	assert.NotContains(t, out.String(), RedactedValue)
}

func TestForInvocation(t *testing.T) {
	setFunctionName(t, "secure-serverless-me")

	tests := []struct {
		name          string
		ctx           context.Context
		wantRequestID any
	}{
		{
			name:          "with lambda context",
			ctx:           lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}),
			wantRequestID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
		},
		{
			name:          "without lambda context",
			ctx:           context.Background(),
			wantRequestID: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			logger := ForInvocation(tt.ctx, New(&out, slog.LevelInfo))

			logger.Info("request handled")

			records := decodeLines(t, out.String())
			require.Len(t, records, 1)
			assert.Equal(t, tt.wantRequestID, records[0][KeyRequestID])
			assert.Equal(t, "secure-serverless-me", records[0][KeyFunctionName])
		})
	}
}

func TestForInvocationWithoutFunctionName(t *testing.T) {
	setFunctionName(t, "")
	var out bytes.Buffer
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "r-1"})

	ForInvocation(ctx, New(&out, slog.LevelInfo)).Info("request handled")

	records := decodeLines(t, out.String())
	require.Len(t, records, 1)
	assert.Equal(t, "r-1", records[0][KeyRequestID])
	assert.NotContains(t, records[0], KeyFunctionName)
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  slog.Level
	}{
		{name: "trace", input: "TRACE", want: slog.LevelDebug},
		{name: "debug", input: "DEBUG", want: slog.LevelDebug},
		{name: "info", input: "INFO", want: slog.LevelInfo},
		{name: "warn lower case", input: "warn", want: slog.LevelWarn},
		{name: "error", input: "ERROR", want: slog.LevelError},
		{name: "fatal", input: "FATAL", want: slog.LevelError},
		{name: "empty", input: "", want: slog.LevelInfo},
		{name: "unknown", input: "VERBOSE", want: slog.LevelInfo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ParseLevel(tt.input))
		})
	}
}
