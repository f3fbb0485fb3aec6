package rotation_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/functions/internal/rotation"
	"github.com/secureserverless/framework/functions/internal/rotation/rotationtest"
)

// Delays of the fake world and the rotator. The rotator waits longer than WAF takes to propagate.
const (
	fakeWAFPropagation = 90 * time.Second
	fakeDeployDuration = 6 * time.Minute
	rotatorWAFWait     = 2 * time.Minute
)

const (
	currentVersion = "11111111-1111-4111-8111-111111111111"
	currentValue   = "current-value-0000000000000000000000000000"
	token          = "22222222-2222-4222-8222-222222222222"
)

var steps = []string{rotation.StepCreateSecret, rotation.StepSetSecret, rotation.StepTestSecret, rotation.StepFinishSecret}

// newRotator returns a rotator on the world's fakes that generates the values "new-value-1", "new-value-2"
// and so on.
func newRotator(world *rotationtest.World) *rotation.Rotator {
	generated := 0
	return &rotation.Rotator{
		Secrets:      world.Secrets,
		Distribution: world.Distribution,
		PatternSet:   world.PatternSet,
		Clock:        world.Clock,
		NewValue: func() (string, error) {
			generated++
			return fmt.Sprintf("new-value-%d", generated), nil
		},
		WAFPropagation: rotatorWAFWait,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

func newWorld() *rotationtest.World {
	return rotationtest.NewWorld(rotationtest.Options{
		WAFPropagation: fakeWAFPropagation, DeployDuration: fakeDeployDuration,
	})
}

// rotate runs the four steps and stops at the first error.
func rotate(ctx context.Context, rotator *rotation.Rotator, versionID string) error {
	for _, step := range steps {
		event := rotation.Event{Step: step, SecretID: rotationtest.SecretID, Token: versionID}
		if err := rotator.Rotate(ctx, event); err != nil {
			return fmt.Errorf("%s: %w", step, err)
		}
	}
	return nil
}

// assertRotated checks the state after a finished rotation to value.
func assertRotated(t *testing.T, world *rotationtest.World, versionID, value string) {
	t.Helper()
	assert.Equal(t, value, world.Secrets.CurrentValue(), "AWSCURRENT value")
	assert.Contains(t, world.Secrets.Stages(versionID), rotation.StageCurrent, "labels of the new version")
	assert.Equal(t, value, world.Distribution.Header(), "header that CloudFront sends")
	regexes, err := world.PatternSet.Regexes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{rotation.RegexFor(value)}, regexes, "pattern set after the rotation")
}

func TestRotationAcceptsEveryRequestThroughout(t *testing.T) {
	world := newWorld()
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)

	err := rotate(context.Background(), newRotator(world), token)

	require.NoError(t, err)
	assert.Empty(t, world.Violations())
	assertRotated(t, world, token, "new-value-1")
	assert.Contains(t, world.Secrets.Stages(currentVersion), "AWSPREVIOUS")
	assert.Equal(t, 1, world.Distribution.Updates, "one header change")
	assert.Equal(t, 2, world.PatternSet.Updates, "one change to add the new value, one to remove the old")
}

func TestRotationWaitsForWAFBeforeHeaderChange(t *testing.T) {
	world := newWorld()
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)
	rotator := newRotator(world)

	require.NoError(t, rotator.Rotate(context.Background(),
		rotation.Event{Step: rotation.StepCreateSecret, SecretID: rotationtest.SecretID, Token: token}))
	require.NoError(t, rotator.Rotate(context.Background(),
		rotation.Event{Step: rotation.StepSetSecret, SecretID: rotationtest.SecretID, Token: token}))

	assert.Equal(t, rotatorWAFWait, world.Clock.Slept, "setSecret waits before it changes the header")
	regexes, err := world.PatternSet.Regexes(context.Background())
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{rotation.RegexFor(currentValue), rotation.RegexFor("new-value-1")}, regexes)
	assert.Equal(t, "new-value-1", world.Distribution.Header())
	assert.Empty(t, world.Violations())
}

func TestRotationShortWAFWaitRejectsRequests(t *testing.T) {
	// A rotator that waits less than WAF takes to propagate is caught by the fake world, so the check
	// that every other test relies on can fail.
	world := newWorld()
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)
	rotator := newRotator(world)
	rotator.WAFPropagation = fakeWAFPropagation / 3

	require.NoError(t, rotate(context.Background(), rotator, token))

	assert.NotEmpty(t, world.Violations())
}

func TestRotationFirstRotationSetsUpValues(t *testing.T) {
	world := newWorld()
	world.StartRotation(token)
	rotator := newRotator(world)

	require.NoError(t, rotate(context.Background(), rotator, token))
	assertRotated(t, world, token, "new-value-1")

	// From here on every request that CloudFront sends must pass, through a second rotation too.
	world.Watch()
	second := "33333333-3333-4333-8333-333333333333"
	world.StartRotation(second)
	require.NoError(t, rotate(context.Background(), rotator, second))
	assertRotated(t, world, second, "new-value-2")
	assert.Empty(t, world.Violations())
}

func TestRotationStepsAreIdempotent(t *testing.T) {
	world := newWorld()
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)
	rotator := newRotator(world)

	for _, step := range steps {
		event := rotation.Event{Step: step, SecretID: rotationtest.SecretID, Token: token}
		require.NoError(t, rotator.Rotate(context.Background(), event), "first %s", step)
		require.NoError(t, rotator.Rotate(context.Background(), event), "second %s", step)
	}

	assertRotated(t, world, token, "new-value-1")
	assert.Equal(t, 2, world.Secrets.Writes, "one value stored and one label moved")
	assert.Equal(t, 1, world.Distribution.Updates, "the second setSecret leaves the header alone")
	assert.Equal(t, 2, world.PatternSet.Updates)
	assert.Empty(t, world.Violations())
}

func TestRotationRetryAfterFailure(t *testing.T) {
	injected := errors.New("injected failure")
	tests := []struct {
		name     string
		failStep string
		inject   func(world *rotationtest.World)
		// wantValue is the value the retry rotates to: a value that was never stored is generated again.
		wantValue string
	}{
		{
			name:      "storing the pending value",
			failStep:  rotation.StepCreateSecret,
			inject:    func(world *rotationtest.World) { world.Secrets.FailNext("PutPending", injected) },
			wantValue: "new-value-2",
		},
		{
			name:     "adding the pending value to the pattern set",
			failStep: rotation.StepSetSecret,
			inject:   func(world *rotationtest.World) { world.PatternSet.FailNext(injected) },
		},
		{
			name:     "changing the header after the pattern set",
			failStep: rotation.StepSetSecret,
			inject:   func(world *rotationtest.World) { world.Distribution.FailNext(injected) },
		},
		{
			name:     "moving the current label after pruning",
			failStep: rotation.StepFinishSecret,
			inject:   func(world *rotationtest.World) { world.Secrets.FailNext("MoveCurrent", injected) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			world := newWorld()
			world.Establish(currentVersion, currentValue)
			world.StartRotation(token)
			rotator := newRotator(world)
			tt.inject(world)

			err := rotate(context.Background(), rotator, token)
			require.ErrorIs(t, err, injected)
			assert.Contains(t, err.Error(), tt.failStep)
			assert.Equal(t, currentValue, world.Secrets.CurrentValue(), "the failed rotation keeps the current value")

			// Secrets Manager retries the whole rotation with the same token.
			require.NoError(t, rotate(context.Background(), rotator, token))

			wantValue := tt.wantValue
			if wantValue == "" {
				wantValue = "new-value-1"
			}
			assertRotated(t, world, token, wantValue)
			assert.Empty(t, world.Violations())
		})
	}
}

func TestRotationFinishWaitsForDeployment(t *testing.T) {
	world := rotationtest.NewWorld(rotationtest.Options{WAFPropagation: fakeWAFPropagation, DeployDuration: 9 * time.Minute})
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)

	require.NoError(t, rotate(context.Background(), newRotator(world), token))

	assert.GreaterOrEqual(t, world.Clock.Slept, rotatorWAFWait+9*time.Minute)
	assertRotated(t, world, token, "new-value-1")
	assert.Empty(t, world.Violations())
}

func TestRotationFinishTimesOutBeforePruning(t *testing.T) {
	world := rotationtest.NewWorld(rotationtest.Options{WAFPropagation: fakeWAFPropagation, DeployDuration: time.Hour})
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)
	rotator := newRotator(world)
	rotator.DeployTimeout = 5 * time.Minute

	err := rotate(context.Background(), rotator, token)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "timed out waiting for the distribution")
	regexes, regexErr := world.PatternSet.Regexes(context.Background())
	require.NoError(t, regexErr)
	assert.Contains(t, regexes, rotation.RegexFor(currentValue), "the current value stays accepted")
	assert.Equal(t, currentValue, world.Secrets.CurrentValue())
	assert.Empty(t, world.Violations())

	// Once CloudFront has deployed, the retry finishes.
	world.Clock.Advance(time.Hour)
	require.NoError(t, rotate(context.Background(), rotator, token))
	assertRotated(t, world, token, "new-value-1")
	assert.Empty(t, world.Violations())
}

func TestRotationFinishHonoursContextDeadline(t *testing.T) {
	world := rotationtest.NewWorld(rotationtest.Options{WAFPropagation: fakeWAFPropagation, DeployDuration: time.Hour})
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)
	rotator := newRotator(world)
	for _, step := range steps[:3] {
		require.NoError(t, rotator.Rotate(context.Background(),
			rotation.Event{Step: step, SecretID: rotationtest.SecretID, Token: token}))
	}
	// A deadline already within the margin stops the wait at the first poll.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(10*time.Second))
	defer cancel()
	before := world.Clock.Slept

	err := rotator.Rotate(ctx, rotation.Event{Step: rotation.StepFinishSecret, SecretID: rotationtest.SecretID, Token: token})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "timed out")
	assert.Equal(t, before, world.Clock.Slept, "no wait past the deadline")
}

func TestRotationRejectsInvalidEvents(t *testing.T) {
	tests := []struct {
		name  string
		setup func(world *rotationtest.World)
		event rotation.Event
		want  string
	}{
		{
			name:  "rotation disabled",
			setup: func(world *rotationtest.World) { world.Secrets.RotationEnabled = false },
			event: rotation.Event{Step: rotation.StepCreateSecret, SecretID: rotationtest.SecretID, Token: token},
			want:  "does not have rotation enabled",
		},
		{
			name:  "unknown version",
			event: rotation.Event{Step: rotation.StepCreateSecret, SecretID: rotationtest.SecretID, Token: "unknown"},
			want:  "has no version unknown",
		},
		{
			name:  "version not pending",
			event: rotation.Event{Step: rotation.StepSetSecret, SecretID: rotationtest.SecretID, Token: token},
			// A newer rotation takes the label AWSPENDING from the token's version.
			setup: func(world *rotationtest.World) { world.StartRotation("newer") },
			want:  "is not AWSPENDING",
		},
		{
			name:  "unknown step",
			event: rotation.Event{Step: "rollbackSecret", SecretID: rotationtest.SecretID, Token: token},
			want:  `invalid rotation step "rollbackSecret"`,
		},
		{
			name:  "missing token",
			event: rotation.Event{Step: rotation.StepCreateSecret, SecretID: rotationtest.SecretID},
			want:  "ClientRequestToken",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			world := newWorld()
			world.Establish(currentVersion, currentValue)
			world.StartRotation(token)
			if tt.setup != nil {
				tt.setup(world)
			}

			err := newRotator(world).Rotate(context.Background(), tt.event)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, currentValue, world.Secrets.CurrentValue())
		})
	}
}

func TestRotationCurrentVersionIsNoOp(t *testing.T) {
	world := newWorld()
	world.Establish(currentVersion, currentValue)

	for _, step := range steps {
		err := newRotator(world).Rotate(context.Background(),
			rotation.Event{Step: step, SecretID: rotationtest.SecretID, Token: currentVersion})
		require.NoError(t, err, step)
	}

	assert.Zero(t, world.Secrets.Writes)
	assert.Zero(t, world.Distribution.Updates)
	assert.Zero(t, world.PatternSet.Updates)
}

func TestRotationTestSecretDetectsMissingValue(t *testing.T) {
	world := newWorld()
	world.Establish(currentVersion, currentValue)
	world.StartRotation(token)
	rotator := newRotator(world)
	require.NoError(t, rotator.Rotate(context.Background(),
		rotation.Event{Step: rotation.StepCreateSecret, SecretID: rotationtest.SecretID, Token: token}))

	err := rotator.Rotate(context.Background(),
		rotation.Event{Step: rotation.StepTestSecret, SecretID: rotationtest.SecretID, Token: token})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not accept pending version")
}

func TestNewValue(t *testing.T) {
	first, err := rotation.NewValue()
	require.NoError(t, err)
	second, err := rotation.NewValue()
	require.NoError(t, err)

	assert.Regexp(t, regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`), first)
	assert.NotEqual(t, first, second)
}

func TestRegexFor(t *testing.T) {
	assert.Equal(t, "^abc-DEF_123$", rotation.RegexFor("abc-DEF_123"))
	assert.Equal(t, `^a\.b\+c$`, rotation.RegexFor("a.b+c"))
	pattern := regexp.MustCompile(rotation.RegexFor("a.b"))
	assert.True(t, pattern.MatchString("a.b"))
	assert.False(t, pattern.MatchString("axb"))
	assert.False(t, pattern.MatchString("a.b-suffix"))
}
