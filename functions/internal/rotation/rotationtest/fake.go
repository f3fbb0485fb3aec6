// Package rotationtest provides fakes of Secrets Manager, CloudFront and WAF for tests of the origin
// secret rotation. The fakes share a clock and model the two delays that the rotation must respect: WAF
// propagates a pattern set change to its nodes over WAFPropagation, and CloudFront deploys a header
// change to its edge locations over DeployDuration. While a change spreads, a WAF node may apply the old
// or the new pattern set, and an edge location may send the old or the new header.
//
// Once World.Watch is called, every change and every clock step checks that each value that some edge
// location may send is accepted by every WAF node, and World.Violations lists the moments when it is not.
package rotationtest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/secureserverless/framework/functions/internal/rotation"
)

// SecretID is the ARN of the fake secret.
const SecretID = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-origin-verify-AbCdEf"

// PlaceholderHeader is the value the fake distribution sends before the first rotation, as the edge
// component creates it.
const PlaceholderHeader = "placeholder-until-the-first-rotation"

// Options sets the delays of a World.
type Options struct {
	WAFPropagation time.Duration
	DeployDuration time.Duration
}

// World holds the fakes and their shared clock.
type World struct {
	Clock        *Clock
	Secrets      *Secrets
	Distribution *Distribution
	PatternSet   *PatternSet

	mu         sync.Mutex
	options    Options
	watching   bool
	violations []string
}

// NewWorld returns a world before the first rotation: a secret without versions, a distribution that
// sends PlaceholderHeader and an empty pattern set.
func NewWorld(options Options) *World {
	w := &World{options: options}
	w.Clock = &Clock{world: w, now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	w.Secrets = &Secrets{world: w, RotationEnabled: true, versions: map[string]*secretVersion{}}
	w.Distribution = &Distribution{world: w, header: PlaceholderHeader, sending: []string{PlaceholderHeader}}
	w.PatternSet = &PatternSet{world: w, versions: []patternSetVersion{{at: w.Clock.Now()}}}
	return w
}

// Establish sets up the state after a finished rotation to value, with the version id versionID, and
// starts watching.
func (w *World) Establish(versionID, value string) {
	w.Secrets.mu.Lock()
	w.Secrets.versions = map[string]*secretVersion{
		versionID: {value: value, hasValue: true, stages: []string{rotation.StageCurrent}},
	}
	w.Secrets.mu.Unlock()

	w.Distribution.mu.Lock()
	w.Distribution.header = value
	w.Distribution.sending = []string{value}
	w.Distribution.deployedAt = w.Clock.Now()
	w.Distribution.mu.Unlock()

	w.PatternSet.mu.Lock()
	w.PatternSet.versions = []patternSetVersion{{regexes: []string{rotation.RegexFor(value)}, at: w.Clock.Now()}}
	w.PatternSet.mu.Unlock()
	w.Watch()
}

// StartRotation adds the version token with the label AWSPENDING and no value, as RotateSecret does
// before it calls the rotation function. A token that exists already is left as it is.
func (w *World) StartRotation(token string) {
	w.Secrets.mu.Lock()
	defer w.Secrets.mu.Unlock()
	if _, exists := w.Secrets.versions[token]; exists {
		return
	}
	for _, version := range w.Secrets.versions {
		version.stages = without(version.stages, rotation.StagePending)
	}
	w.Secrets.versions[token] = &secretVersion{stages: []string{rotation.StagePending}}
}

// Watch starts checking that WAF accepts every value that CloudFront may send, and checks it now.
func (w *World) Watch() {
	w.mu.Lock()
	w.watching = true
	w.mu.Unlock()
	w.check("watch")
}

// Violations returns the moments at which an edge location could send a value that a WAF node rejects.
func (w *World) Violations() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.violations)
}

// check records a violation after the event when watching.
func (w *World) check(event string) {
	w.mu.Lock()
	watching := w.watching
	w.mu.Unlock()
	if !watching {
		return
	}
	now := w.Clock.Now()
	accepted := w.PatternSet.acceptedByEveryNode(now)
	for _, value := range w.Distribution.possiblySent(now) {
		if !slices.Contains(accepted, rotation.RegexFor(value)) {
			w.mu.Lock()
			w.violations = append(w.violations, fmt.Sprintf("after %s at %s: an edge location may send a value "+
				"that a WAF node rejects", event, now.Format(time.TimeOnly)))
			w.mu.Unlock()
		}
	}
}

// Clock is the shared fake clock. Sleep advances it at once.
type Clock struct {
	world *World
	mu    sync.Mutex
	now   time.Time
	// Slept is the total time that Sleep advanced the clock.
	Slept time.Duration
}

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the clock by d, unless the context has ended.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.Slept += d
	c.mu.Unlock()
	c.world.check("waiting")
}

// failures holds errors to return from the next calls of operations.
type failures struct {
	next map[string]error
}

// take returns the error set for the next call of operation and removes it.
func (f *failures) take(operation string) error {
	err := f.next[operation]
	delete(f.next, operation)
	return err
}

func (f *failures) set(operation string, err error) {
	if f.next == nil {
		f.next = map[string]error{}
	}
	f.next[operation] = err
}

type secretVersion struct {
	value    string
	hasValue bool
	stages   []string
}

// Secrets is a fake of the Secrets Manager secret. It implements rotation.SecretStore.
type Secrets struct {
	world           *World
	mu              sync.Mutex
	RotationEnabled bool
	versions        map[string]*secretVersion
	failures        failures
	// Writes counts the calls of PutPending and MoveCurrent that changed the secret.
	Writes int
}

var _ rotation.SecretStore = (*Secrets)(nil)

// FailNext makes the next call of the operation ("PutPending" or "MoveCurrent") return err.
func (s *Secrets) FailNext(operation string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures.set(operation, err)
}

// Describe returns the rotation flag and the staging labels of every version.
func (s *Secrets) Describe(context.Context, string) (rotation.SecretDescription, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stages := map[string][]string{}
	for id, version := range s.versions {
		stages[id] = slices.Clone(version.stages)
	}
	return rotation.SecretDescription{RotationEnabled: s.RotationEnabled, VersionStages: stages}, nil
}

// Value returns the value of the version with the id and label; an empty id selects the label only.
func (s *Secrets) Value(_ context.Context, _, versionID, stage string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, version := range s.versions {
		if versionID != "" && id != versionID {
			continue
		}
		if stage != "" && !slices.Contains(version.stages, stage) {
			continue
		}
		if !version.hasValue {
			break
		}
		return version.value, nil
	}
	return "", fmt.Errorf("version %q with label %q: %w", versionID, stage, rotation.ErrNotFound)
}

// PutPending stores the value of the pending version. Like Secrets Manager, it rejects a second,
// different value for a version.
func (s *Secrets) PutPending(_ context.Context, _, versionID, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.failures.take("PutPending"); err != nil {
		return err
	}
	version, exists := s.versions[versionID]
	if exists && version.hasValue {
		if version.value != value {
			return fmt.Errorf("version %s already has another value", versionID)
		}
		return nil
	}
	for _, other := range s.versions {
		other.stages = without(other.stages, rotation.StagePending)
	}
	if !exists {
		version = &secretVersion{}
		s.versions[versionID] = version
	}
	version.value, version.hasValue = value, true
	version.stages = append(without(version.stages, rotation.StagePending), rotation.StagePending)
	s.Writes++
	return nil
}

// MoveCurrent moves AWSCURRENT like UpdateSecretVersionStage, which rejects a fromVersionID that does
// not hold the label.
func (s *Secrets) MoveCurrent(_ context.Context, _, versionID, fromVersionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.failures.take("MoveCurrent"); err != nil {
		return err
	}
	holder := ""
	for id, version := range s.versions {
		if slices.Contains(version.stages, rotation.StageCurrent) {
			holder = id
		}
	}
	if holder != fromVersionID {
		return fmt.Errorf("%s is attached to version %q, not %q", rotation.StageCurrent, holder, fromVersionID)
	}
	target, exists := s.versions[versionID]
	if !exists {
		return fmt.Errorf("version %s not found", versionID)
	}
	if holder != "" {
		s.versions[holder].stages = append(without(s.versions[holder].stages, rotation.StageCurrent), "AWSPREVIOUS")
	}
	target.stages = append(target.stages, rotation.StageCurrent)
	s.Writes++
	return nil
}

// CurrentValue returns the value labelled AWSCURRENT, or "" when none is.
func (s *Secrets) CurrentValue() string {
	value, err := s.Value(context.Background(), SecretID, "", rotation.StageCurrent)
	if err != nil {
		return ""
	}
	return value
}

// Stages returns the labels of a version.
func (s *Secrets) Stages(versionID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if version, ok := s.versions[versionID]; ok {
		return slices.Clone(version.stages)
	}
	return nil
}

// Distribution is a fake of the distribution's origin header. It implements rotation.Distribution.
type Distribution struct {
	world *World
	mu    sync.Mutex
	// header is the configured value; sending is what edge locations may send until deployedAt.
	header     string
	sending    []string
	deployedAt time.Time
	failures   failures
	// Updates counts the calls of SetOriginHeader that changed the configuration.
	Updates int
}

var _ rotation.Distribution = (*Distribution)(nil)

// FailNext makes the next call of SetOriginHeader return err.
func (d *Distribution) FailNext(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failures.set("SetOriginHeader", err)
}

// OriginHeader returns the configured value and whether every edge location has it.
func (d *Distribution) OriginHeader(context.Context) (string, bool, error) {
	now := d.world.Clock.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.header, !now.Before(d.deployedAt), nil
}

// SetOriginHeader changes the configured value. Until DeployDuration has passed, edge locations may send
// any value they might have sent before, or the new one.
func (d *Distribution) SetOriginHeader(_ context.Context, value string) error {
	now := d.world.Clock.Now()
	d.mu.Lock()
	if err := d.failures.take("SetOriginHeader"); err != nil {
		d.mu.Unlock()
		return err
	}
	d.sending = append(d.possiblySentLocked(now), value)
	d.header = value
	d.deployedAt = now.Add(d.world.options.DeployDuration)
	d.Updates++
	d.mu.Unlock()
	d.world.check("SetOriginHeader")
	return nil
}

// Header returns the configured value.
func (d *Distribution) Header() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.header
}

// possiblySent returns the values that some edge location may send at now.
func (d *Distribution) possiblySent(now time.Time) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.possiblySentLocked(now)
}

func (d *Distribution) possiblySentLocked(now time.Time) []string {
	if !now.Before(d.deployedAt) {
		return []string{d.header}
	}
	return slices.Clone(d.sending)
}

type patternSetVersion struct {
	regexes []string
	at      time.Time
}

// PatternSet is a fake of the regex pattern set. It implements rotation.PatternSet.
type PatternSet struct {
	world    *World
	mu       sync.Mutex
	versions []patternSetVersion
	failures failures
	// Updates counts the calls of SetRegexes.
	Updates int
}

var _ rotation.PatternSet = (*PatternSet)(nil)

// FailNext makes the next call of SetRegexes return err.
func (p *PatternSet) FailNext(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures.set("SetRegexes", err)
}

// Regexes returns the latest expressions.
func (p *PatternSet) Regexes(context.Context) ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.versions[len(p.versions)-1].regexes), nil
}

// SetRegexes replaces the expressions. Until WAFPropagation has passed, a WAF node may apply the new
// expressions or any earlier version that was still possibly in effect.
func (p *PatternSet) SetRegexes(_ context.Context, regexes []string) error {
	if len(regexes) == 0 {
		return errors.New("RegularExpressionList is empty")
	}
	now := p.world.Clock.Now()
	p.mu.Lock()
	if err := p.failures.take("SetRegexes"); err != nil {
		p.mu.Unlock()
		return err
	}
	p.versions = append(p.versions, patternSetVersion{regexes: slices.Clone(regexes), at: now})
	p.Updates++
	p.mu.Unlock()
	p.world.check("SetRegexes")
	return nil
}

// acceptedByEveryNode returns the expressions that every WAF node applies at now: those of every version
// that a node may still apply. A version stops being applied once the next one has propagated.
func (p *PatternSet) acceptedByEveryNode(now time.Time) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	counts := map[string]int{}
	applied := 0
	for i, version := range p.versions {
		last := i == len(p.versions)-1
		if !last && !now.Before(p.versions[i+1].at.Add(p.world.options.WAFPropagation)) {
			continue
		}
		applied++
		for _, regex := range slices.Compact(slices.Sorted(slices.Values(version.regexes))) {
			counts[regex]++
		}
	}
	var accepted []string
	for _, regex := range slices.Sorted(maps.Keys(counts)) {
		if counts[regex] == applied {
			accepted = append(accepted, regex)
		}
	}
	return accepted
}

func without(list []string, value string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == value })
}
