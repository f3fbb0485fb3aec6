package pack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// SettingsKey is the entry of the pack config that holds pack-wide settings instead of a policy's
// config: the selected profiles and the exceptions. In a --policy-pack-config file:
//
//	{
//	  "pack-settings": {
//	    "profiles": ["hipaa"],
//	    "exceptions": [{"id": "EXC-1", "policy": "...", "name": "...", "reason": "...", "expires": "2027-03-31"}]
//	  },
//	  "cloudwatch-log-group-retention": {"minimumRetentionDays": 30}
//	}
const SettingsKey = "pack-settings"

// allKey is the engine's config entry that sets the level of every policy. The engine applies it to
// every policy before Configure, and passes it on as an entry of its own.
const allKey = "all"

// reservedConfigKeys are config entries that name no policy.
var reservedConfigKeys = map[string]bool{allKey: true, SettingsKey: true}

// Settings are the pack-wide settings under SettingsKey.
type Settings struct {
	// Profiles raise policy levels as each profile's policies declare; the strongest level wins.
	Profiles []Profile `json:"profiles,omitempty"`
	// Exceptions waive policies for chosen resources.
	Exceptions []Exception `json:"exceptions,omitempty"`
}

// configuration is the effective setting of each policy after Configure.
type configuration struct {
	levels     map[string]EnforcementLevel
	properties map[string]map[string]any
	settings   Settings
}

// defaultConfiguration is the configuration before the engine calls Configure, and the one that
// `pulumi policy analyze` without config ends up with: baseline levels and schema defaults.
func (p *Pack) defaultConfiguration() *configuration {
	config := &configuration{
		levels:     map[string]EnforcementLevel{},
		properties: map[string]map[string]any{},
	}
	for _, policy := range p.args.Policies {
		config.levels[policy.Name] = p.Level(policy)
		config.properties[policy.Name] = policy.ConfigSchema.withDefaults(nil)
	}
	return config
}

// policyConfig is one entry of a Configure request.
type policyConfig struct {
	level      EnforcementLevel
	properties map[string]any
}

// configure turns the engine's Configure request into a configuration. It rejects, naming every
// problem: entries for policies the pack does not have, the remediate level (the pack has no
// remediation policies), a lower level for a policy that is not waivable, config that its schema
// rejects, unknown profiles and invalid or expired exceptions.
//
// The engine sends an entry for every policy, with the advertised level unless config changed it.
// A level that differs from the advertised one is the user's choice and wins over the profiles.
func (p *Pack) configure(request map[string]*pulumirpc.PolicyConfig, now time.Time) (*configuration, error) {
	entries := make(map[string]policyConfig, len(request))
	var problems []string
	for name, entry := range request {
		level, err := levelFromProto(entry.GetEnforcementLevel())
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
		}
		entries[name] = policyConfig{level: level, properties: entry.GetProperties().AsMap()}
	}

	if unknown := p.unknownNames(entries); len(unknown) > 0 {
		problems = append(problems, fmt.Sprintf("unknown policy names %s: use the names of the pack's policies, "+
			"%q or %q; valid policy names are %s", quoteAll(unknown), allKey, SettingsKey,
			strings.Join(p.policyNames(), ", ")))
	}

	settings, err := p.parseSettings(entries[SettingsKey].properties, now)
	if err != nil {
		problems = append(problems, err.Error())
	}

	config := &configuration{
		levels:     map[string]EnforcementLevel{},
		properties: map[string]map[string]any{},
		settings:   settings,
	}
	all, hasAll := entries[allKey]
	for _, policy := range p.args.Policies {
		entry, ok := entries[policy.Name]
		if !ok && hasAll {
			entry, ok = all, true
		}
		level, err := p.effectiveLevel(policy, entry.level, ok, settings.Profiles)
		if err != nil {
			problems = append(problems, err.Error())
		}
		config.levels[policy.Name] = level

		properties := policy.ConfigSchema.withDefaults(entry.properties)
		if err := policy.ConfigSchema.check(properties); err != nil {
			problems = append(problems, fmt.Sprintf("invalid config for policy %s: %v", policy.Name, err))
		}
		config.properties[policy.Name] = properties
	}

	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("invalid policy pack config for %s: %s", p.args.Name, strings.Join(problems, "; "))
	}
	return config, nil
}

// effectiveLevel decides a policy's level from its config entry, if configured is true, and the
// selected profiles.
func (p *Pack) effectiveLevel(
	policy *Policy, configured EnforcementLevel, isConfigured bool, profiles []Profile,
) (EnforcementLevel, error) {
	baseline := p.Level(policy)
	if configured == EnforcementLevelRemediate {
		return baseline, fmt.Errorf("policy %s: enforcement level %q needs a remediation policy, and %s only "+
			"validates: set advisory, mandatory or disabled", policy.Name, configured, policy.Name)
	}

	if isConfigured && configured != baseline {
		if !policy.Waivable && configured.rank() < baseline.rank() {
			return baseline, fmt.Errorf("policy %s cannot be waived, so config cannot lower its enforcement level "+
				"from %s to %s: remove that setting", policy.Name, baseline, configured)
		}
		return configured, nil
	}

	level := baseline
	for _, profile := range profiles {
		if raised := p.LevelIn(policy, profile); raised.rank() > level.rank() {
			level = raised
		}
	}
	return level, nil
}

// parseSettings decodes and validates the pack settings.
func (p *Pack) parseSettings(properties map[string]any, now time.Time) (Settings, error) {
	var settings Settings
	if len(properties) == 0 {
		return settings, nil
	}
	data, err := json.Marshal(properties)
	if err != nil {
		return settings, fmt.Errorf("encoding %s: %w", SettingsKey, err)
	}
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&settings); err != nil {
		return settings, fmt.Errorf("invalid %s: %v: the settings are \"profiles\" (a list of %q) and "+
			"\"exceptions\" (a list of objects with id, policy, urn, name, type, reason, expires and approvedBy)",
			SettingsKey, err, Profiles)
	}

	var problems []error
	for _, profile := range settings.Profiles {
		if !slices.Contains(Profiles, profile) {
			problems = append(problems, fmt.Errorf("invalid %s: profile %q is not one of %q", SettingsKey, profile, Profiles))
		}
	}
	seen := map[string]bool{}
	for i := range settings.Exceptions {
		exception := &settings.Exceptions[i]
		if err := exception.prepare(p, now); err != nil {
			problems = append(problems, fmt.Errorf("invalid %s: %w", SettingsKey, err))
			continue
		}
		if seen[exception.ID] {
			problems = append(problems, fmt.Errorf("invalid %s: exception id %q is used twice: give each exception "+
				"its own id", SettingsKey, exception.ID))
		}
		seen[exception.ID] = true
	}
	return settings, errors.Join(problems...)
}

// unknownNames returns the sorted config entries that name no policy and no reserved entry.
func (p *Pack) unknownNames(entries map[string]policyConfig) []string {
	var unknown []string
	for name := range entries {
		if _, ok := p.byName[name]; !ok && !reservedConfigKeys[name] {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	return unknown
}

// policyNames returns the names of the pack's policies, sorted.
func (p *Pack) policyNames() []string {
	return slices.Sorted(maps.Keys(p.byName))
}

// exceptionFor returns the first exception that waives policy for the resource, or nil.
func (c *configuration) exceptionFor(policy, urn, name, resourceType string) *Exception {
	for i := range c.settings.Exceptions {
		if c.settings.Exceptions[i].matches(policy, urn, name, resourceType) {
			return &c.settings.Exceptions[i]
		}
	}
	return nil
}

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, value := range values {
		quoted[i] = fmt.Sprintf("%q", value)
	}
	return strings.Join(quoted, ", ")
}
