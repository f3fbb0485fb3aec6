package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/rotation"
	"github.com/secureserverless/framework/functions/internal/rotation/rotationtest"
)

// eventFiles are the sample events of one rotation, in the order Secrets Manager sends them.
var eventFiles = []string{
	"create-secret-event.json", "set-secret-event.json", "test-secret-event.json", "finish-secret-event.json",
}

func readEvent(t *testing.T, name string) events.SecretsManagerSecretRotationEvent {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var event events.SecretsManagerSecretRotationEvent
	require.NoError(t, json.Unmarshal(data, &event))
	return event
}

// newTestHandler returns the handler on a fake world in which a rotation to the events' version id has
// started, and the buffer its logger writes to.
func newTestHandler(t *testing.T, newValue string) (rotationHandler, *rotationtest.World, *bytes.Buffer) {
	t.Helper()
	world := rotationtest.NewWorld(rotationtest.Options{WAFPropagation: time.Minute, DeployDuration: 5 * time.Minute})
	world.Establish("v-current", "current-value")
	world.StartRotation(readEvent(t, eventFiles[0]).ClientRequestToken)
	var logs bytes.Buffer
	rotator := &rotation.Rotator{
		Secrets: world.Secrets, Distribution: world.Distribution, PatternSet: world.PatternSet,
		Clock:          world.Clock,
		NewValue:       func() (string, error) { return newValue, nil },
		WAFPropagation: 2 * time.Minute,
	}
	return newHandler(rotator, logging.New(&logs, nil)), world, &logs
}

func TestHandlerRunsSampleRotation(t *testing.T) {
	const newValue = "a-new-value-that-must-never-be-logged"
	handler, world, logs := newTestHandler(t, newValue)

	for _, name := range eventFiles {
		require.NoError(t, handler(context.Background(), readEvent(t, name)), name)
	}

	assert.Equal(t, newValue, world.Secrets.CurrentValue())
	assert.Equal(t, newValue, world.Distribution.Header())
	assert.Empty(t, world.Violations())
	assert.NotContains(t, logs.String(), newValue, "the log never contains a secret value")
	assert.NotContains(t, logs.String(), "current-value")

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var finished int
	for _, line := range lines {
		var entry map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &entry), line)
		if entry[logging.KeyMessage] == "rotation step finished" {
			finished++
			assert.Equal(t, rotationtest.SecretID, entry["secretArn"])
			assert.Equal(t, "5f1c2a7e-9b3d-4c8e-a6f0-2d4b8e1c7a93", entry["versionId"])
		}
	}
	assert.Equal(t, 4, finished, "one finished line per step")
}

func TestHandlerReturnsStepError(t *testing.T) {
	handler, world, logs := newTestHandler(t, "value")
	world.Secrets.FailNext("PutPending", errors.New("throttled"))

	err := handler(context.Background(), readEvent(t, eventFiles[0]))

	require.Error(t, err)
	assert.Contains(t, err.Error(), "rotation step createSecret of "+rotationtest.SecretID)
	assert.Contains(t, err.Error(), "throttled")
	assert.Contains(t, logs.String(), `"message":"rotation step failed"`)
}

func TestLoadSettings(t *testing.T) {
	env := map[string]string{
		envDistributionID: "E2EXAMPLE", envOriginID: "api", envHeaderName: "x-origin-verify",
		envPatternSetName: "app-origin-verify", envPatternSetID: "a1b2c3",
	}

	s, err := loadSettings(func(key string) string { return env[key] })

	require.NoError(t, err)
	assert.Equal(t, "E2EXAMPLE", s.distributionID)
	assert.Equal(t, "api", s.originID)
	assert.Equal(t, "x-origin-verify", s.headerName)
	assert.Equal(t, waftypes.ScopeRegional, s.patternSetScope)
	assert.Equal(t, rotation.DefaultWAFPropagation, s.wafPropagation)

	env[envWAFPropagation] = "120"
	env[envPatternSetScope] = "CLOUDFRONT"
	s, err = loadSettings(func(key string) string { return env[key] })
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute, s.wafPropagation)
	assert.Equal(t, waftypes.ScopeCloudfront, s.patternSetScope)
}

func TestLoadSettingsRejectsInvalidValues(t *testing.T) {
	env := map[string]string{
		envHeaderName: "X Origin", envPatternSetScope: "GLOBAL", envWAFPropagation: "3600",
	}

	_, err := loadSettings(func(key string) string { return env[key] })

	require.Error(t, err)
	for _, want := range []string{
		"DISTRIBUTION_ID is missing", "ORIGIN_ID is missing", "PATTERN_SET_NAME is missing",
		"PATTERN_SET_ID is missing", `HEADER_NAME "X Origin" is invalid`, `PATTERN_SET_SCOPE "GLOBAL" is invalid`,
		`WAF_PROPAGATION_SECONDS "3600" is invalid; use whole seconds from 1 to 600`,
	} {
		assert.Contains(t, err.Error(), want)
	}
}
