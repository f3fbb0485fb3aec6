package rotation

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"time"
)

// Steps of a Secrets Manager rotation, as the Step field of the rotation event names them.
const (
	StepCreateSecret = "createSecret"
	StepSetSecret    = "setSecret"
	StepTestSecret   = "testSecret"
	StepFinishSecret = "finishSecret"
)

// Staging labels of Secrets Manager.
const (
	StageCurrent = "AWSCURRENT"
	StagePending = "AWSPENDING"
)

// Defaults of Rotator; a zero field means the default.
const (
	// DefaultWAFPropagation is how long setSecret waits after it changes the pattern set. AWS gives no
	// bound for WAF's propagation time, so this is an estimate with room to spare.
	DefaultWAFPropagation = 5 * time.Minute
	// DefaultDeployPollInterval is the interval at which finishSecret reads the distribution's status
	// until it is Deployed.
	DefaultDeployPollInterval = 20 * time.Second
	// DefaultDeployTimeout bounds finishSecret's wait for the deployment. A shorter deadline of the
	// context, less deadlineMargin, wins.
	DefaultDeployTimeout = 12 * time.Minute
	// deadlineMargin is the time finishSecret keeps, before the context's deadline, to prune the pattern
	// set and move the staging label.
	deadlineMargin = 30 * time.Second
	// valueBytes is the entropy of a secret value: 256 bits.
	valueBytes = 32
)

// ErrNotFound is returned by SecretStore.Value when the secret has no value for the version and label.
var ErrNotFound = errors.New("secret version not found")

// Event is one call of the rotation function.
type Event struct {
	// Step is StepCreateSecret, StepSetSecret, StepTestSecret or StepFinishSecret.
	Step string
	// SecretID is the ARN of the secret.
	SecretID string
	// Token is the ClientRequestToken of the rotation, the version id of the new value.
	Token string
}

// SecretDescription is the part of DescribeSecret's response that the rotation reads.
type SecretDescription struct {
	RotationEnabled bool
	// VersionStages maps each version id to its staging labels.
	VersionStages map[string][]string
}

// SecretStore is the part of Secrets Manager that the rotation uses.
type SecretStore interface {
	Describe(ctx context.Context, secretID string) (SecretDescription, error)
	// Value returns the value of the version with the id and the staging label. It returns an error that
	// wraps ErrNotFound when the secret has no such version or the version has no value.
	Value(ctx context.Context, secretID, versionID, stage string) (string, error)
	// PutPending stores value as the version versionID with the label AWSPENDING.
	PutPending(ctx context.Context, secretID, versionID, value string) error
	// MoveCurrent moves the label AWSCURRENT to versionID from fromVersionID, which is "" when no version
	// has the label.
	MoveCurrent(ctx context.Context, secretID, versionID, fromVersionID string) error
}

// Distribution is the origin custom header of the CloudFront distribution.
type Distribution interface {
	// OriginHeader returns the value that CloudFront sends in the verification header, "" when it sends
	// none, and whether every edge location has the distribution's latest configuration.
	OriginHeader(ctx context.Context) (value string, deployed bool, err error)
	// SetOriginHeader sets the value of the verification header.
	SetOriginHeader(ctx context.Context, value string) error
}

// PatternSet is the WAF regex pattern set whose expressions the API's web ACL accepts. It belongs to
// the rotation: SetRegexes replaces every expression in it.
type PatternSet interface {
	Regexes(ctx context.Context) ([]string, error)
	SetRegexes(ctx context.Context, regexes []string) error
}

// Clock is the source of the current time and of waits.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or returns the context's error when it ends first.
	Sleep(ctx context.Context, d time.Duration) error
}

// Rotator runs the steps of a rotation. The zero values of the optional fields mean their defaults.
type Rotator struct {
	Secrets      SecretStore
	Distribution Distribution
	PatternSet   PatternSet
	// Clock defaults to the system clock.
	Clock Clock
	// NewValue returns a new secret value. Defaults to NewValue.
	NewValue func() (string, error)
	// WAFPropagation defaults to DefaultWAFPropagation.
	WAFPropagation time.Duration
	// DeployPollInterval defaults to DefaultDeployPollInterval.
	DeployPollInterval time.Duration
	// DeployTimeout defaults to DefaultDeployTimeout.
	DeployTimeout time.Duration
	// Logger defaults to slog.Default(). The rotation never logs a secret value.
	Logger *slog.Logger
}

// Rotate runs one step of a rotation after checking that the secret has rotation enabled and that the
// token names its AWSPENDING version. A token that is already AWSCURRENT means an earlier call finished
// the rotation, so Rotate does nothing.
func (r *Rotator) Rotate(ctx context.Context, event Event) error {
	if event.SecretID == "" || event.Token == "" {
		return fmt.Errorf("invalid rotation event: SecretId %q and ClientRequestToken %q must both be set",
			event.SecretID, event.Token)
	}
	description, err := r.Secrets.Describe(ctx, event.SecretID)
	if err != nil {
		return fmt.Errorf("describing secret %s: %w", event.SecretID, err)
	}
	if !description.RotationEnabled {
		return fmt.Errorf("secret %s does not have rotation enabled; configure a rotation schedule before "+
			"it invokes this function", event.SecretID)
	}
	stages, known := description.VersionStages[event.Token]
	switch {
	case !known:
		return fmt.Errorf("secret %s has no version %s to rotate to", event.SecretID, event.Token)
	case slices.Contains(stages, StageCurrent):
		r.logger().InfoContext(ctx, "version is already current", "step", event.Step, "versionId", event.Token)
		return nil
	case !slices.Contains(stages, StagePending):
		return fmt.Errorf("version %s of secret %s is not %s but %v", event.Token, event.SecretID, StagePending, stages)
	}

	switch event.Step {
	case StepCreateSecret:
		return r.createSecret(ctx, event)
	case StepSetSecret:
		return r.setSecret(ctx, event)
	case StepTestSecret:
		return r.testSecret(ctx, event)
	case StepFinishSecret:
		return r.finishSecret(ctx, event, description)
	default:
		return fmt.Errorf("invalid rotation step %q; expected %s, %s, %s or %s", event.Step,
			StepCreateSecret, StepSetSecret, StepTestSecret, StepFinishSecret)
	}
}

// createSecret stores a new value as the pending version, unless that version already has one.
func (r *Rotator) createSecret(ctx context.Context, event Event) error {
	_, err := r.Secrets.Value(ctx, event.SecretID, event.Token, StagePending)
	if err == nil {
		r.logger().InfoContext(ctx, "pending value exists", "step", event.Step, "versionId", event.Token)
		return nil
	}
	if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("reading pending version %s: %w", event.Token, err)
	}

	newValue := r.NewValue
	if newValue == nil {
		newValue = NewValue
	}
	value, err := newValue()
	if err != nil {
		return fmt.Errorf("generating a secret value: %w", err)
	}
	if err := r.Secrets.PutPending(ctx, event.SecretID, event.Token, value); err != nil {
		return fmt.Errorf("storing pending version %s: %w", event.Token, err)
	}
	r.logger().InfoContext(ctx, "stored pending value", "step", event.Step, "versionId", event.Token)
	return nil
}

// setSecret makes WAF accept the pending value next to the current one and, once WAF has propagated
// that, makes CloudFront send the pending value.
func (r *Rotator) setSecret(ctx context.Context, event Event) error {
	pending, current, err := r.values(ctx, event)
	if err != nil {
		return err
	}
	header, _, err := r.Distribution.OriginHeader(ctx)
	if err != nil {
		return fmt.Errorf("reading the origin header of the distribution: %w", err)
	}
	regexes, err := r.PatternSet.Regexes(ctx)
	if err != nil {
		return fmt.Errorf("reading the pattern set: %w", err)
	}

	// The set keeps what CloudFront sends now, if WAF accepts it, because an edge location may still send
	// it. Any other stale value goes.
	wanted := []string{RegexFor(pending)}
	if current != "" {
		wanted = appendMissing(wanted, RegexFor(current))
	}
	if header != "" && slices.Contains(regexes, RegexFor(header)) {
		wanted = appendMissing(wanted, RegexFor(header))
	}
	if !sameElements(regexes, wanted) {
		if err := r.PatternSet.SetRegexes(ctx, wanted); err != nil {
			return fmt.Errorf("adding the pending value to the pattern set: %w", err)
		}
		r.logger().InfoContext(ctx, "pattern set accepts the pending value", "step", event.Step,
			"versionId", event.Token, "regexCount", len(wanted))
	}

	if header == pending {
		r.logger().InfoContext(ctx, "distribution already sends the pending value", "step", event.Step,
			"versionId", event.Token)
		return nil
	}
	// The wait runs on a retry too, because an earlier attempt may have changed the set just before it
	// failed.
	propagation := durationOr(r.WAFPropagation, DefaultWAFPropagation)
	r.logger().InfoContext(ctx, "waiting for WAF to propagate the pattern set", "step", event.Step,
		"seconds", propagation.Seconds())
	if err := r.clock().Sleep(ctx, propagation); err != nil {
		return fmt.Errorf("waiting for WAF to propagate the pattern set: %w", err)
	}
	if err := r.Distribution.SetOriginHeader(ctx, pending); err != nil {
		return fmt.Errorf("setting the origin header of the distribution to the pending value: %w", err)
	}
	r.logger().InfoContext(ctx, "distribution sends the pending value", "step", event.Step, "versionId", event.Token)
	return nil
}

// testSecret checks that WAF accepts the pending value and that CloudFront is set to send it.
func (r *Rotator) testSecret(ctx context.Context, event Event) error {
	pending, err := r.Secrets.Value(ctx, event.SecretID, event.Token, StagePending)
	if err != nil {
		return fmt.Errorf("reading pending version %s: %w", event.Token, err)
	}
	regexes, err := r.PatternSet.Regexes(ctx)
	if err != nil {
		return fmt.Errorf("reading the pattern set: %w", err)
	}
	if !slices.Contains(regexes, RegexFor(pending)) {
		return fmt.Errorf("the pattern set does not accept pending version %s; run setSecret again", event.Token)
	}
	header, _, err := r.Distribution.OriginHeader(ctx)
	if err != nil {
		return fmt.Errorf("reading the origin header of the distribution: %w", err)
	}
	if header != pending {
		return fmt.Errorf("the distribution does not send pending version %s; run setSecret again", event.Token)
	}
	r.logger().InfoContext(ctx, "pattern set and distribution use the pending value", "step", event.Step,
		"versionId", event.Token)
	return nil
}

// finishSecret waits until every edge location sends the pending value, removes every other value from
// the pattern set and makes the pending version current.
func (r *Rotator) finishSecret(ctx context.Context, event Event, description SecretDescription) error {
	pending, err := r.Secrets.Value(ctx, event.SecretID, event.Token, StagePending)
	if err != nil {
		return fmt.Errorf("reading pending version %s: %w", event.Token, err)
	}
	if err := r.waitForDeployment(ctx, event, pending); err != nil {
		return err
	}

	regexes, err := r.PatternSet.Regexes(ctx)
	if err != nil {
		return fmt.Errorf("reading the pattern set: %w", err)
	}
	wanted := []string{RegexFor(pending)}
	if !sameElements(regexes, wanted) {
		if err := r.PatternSet.SetRegexes(ctx, wanted); err != nil {
			return fmt.Errorf("removing old values from the pattern set: %w", err)
		}
		r.logger().InfoContext(ctx, "pattern set accepts only the pending value", "step", event.Step,
			"versionId", event.Token)
	}

	currentVersion := ""
	for version, stages := range description.VersionStages {
		if slices.Contains(stages, StageCurrent) {
			currentVersion = version
		}
	}
	if err := r.Secrets.MoveCurrent(ctx, event.SecretID, event.Token, currentVersion); err != nil {
		return fmt.Errorf("moving %s to version %s: %w", StageCurrent, event.Token, err)
	}
	r.logger().InfoContext(ctx, "rotation finished", "step", event.Step, "versionId", event.Token,
		"previousVersionId", currentVersion)
	return nil
}

// waitForDeployment waits until CloudFront reports the distribution Deployed with the pending value.
func (r *Rotator) waitForDeployment(ctx context.Context, event Event, pending string) error {
	clock := r.clock()
	timeout := durationOr(r.DeployTimeout, DefaultDeployTimeout)
	if contextDeadline, ok := ctx.Deadline(); ok {
		// The context's deadline is on the system clock, so it limits the time left, not a point in time
		// on r.Clock.
		timeout = min(timeout, time.Until(contextDeadline)-deadlineMargin)
	}
	deadline := clock.Now().Add(timeout)
	for {
		header, deployed, err := r.Distribution.OriginHeader(ctx)
		if err != nil {
			return fmt.Errorf("reading the origin header of the distribution: %w", err)
		}
		if header != pending {
			return fmt.Errorf("the distribution does not send pending version %s; run the rotation again so "+
				"that setSecret sets it", event.Token)
		}
		if deployed {
			return nil
		}
		if !clock.Now().Before(deadline) {
			return fmt.Errorf("timed out waiting for the distribution to deploy pending version %s; the pattern "+
				"set still accepts the current value, so run the rotation again to finish", event.Token)
		}
		r.logger().InfoContext(ctx, "waiting for the distribution to deploy", "step", event.Step,
			"versionId", event.Token)
		if err := clock.Sleep(ctx, durationOr(r.DeployPollInterval, DefaultDeployPollInterval)); err != nil {
			return fmt.Errorf("waiting for the distribution to deploy: %w", err)
		}
	}
}

// values returns the pending value and the current one, which is "" before the first rotation.
func (r *Rotator) values(ctx context.Context, event Event) (pending, current string, err error) {
	pending, err = r.Secrets.Value(ctx, event.SecretID, event.Token, StagePending)
	if err != nil {
		return "", "", fmt.Errorf("reading pending version %s: %w", event.Token, err)
	}
	current, err = r.Secrets.Value(ctx, event.SecretID, "", StageCurrent)
	if errors.Is(err, ErrNotFound) {
		return pending, "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("reading the current version: %w", err)
	}
	return pending, current, nil
}

func (r *Rotator) clock() Clock {
	if r.Clock == nil {
		return systemClock{}
	}
	return r.Clock
}

func (r *Rotator) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.Default()
	}
	return r.Logger
}

// NewValue returns 256 random bits in unpadded base64url, 43 characters that need no escaping in a
// header or a regular expression.
func NewValue() (string, error) {
	buffer := make([]byte, valueBytes)
	if _, err := rand.Read(buffer); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(buffer), nil
}

// RegexFor returns the regular expression that matches exactly value, for the pattern set.
func RegexFor(value string) string {
	return "^" + regexp.QuoteMeta(value) + "$"
}

// systemClock is the Clock of a deployed function.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func durationOr(d, fallback time.Duration) time.Duration {
	if d <= 0 {
		return fallback
	}
	return d
}

func appendMissing(list []string, value string) []string {
	if slices.Contains(list, value) {
		return list
	}
	return append(list, value)
}

// sameElements reports whether a and b contain the same strings, in any order.
func sameElements(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
