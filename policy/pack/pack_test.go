package pack

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validPolicy returns a policy that New accepts.
func validPolicy() *Policy {
	return &Policy{
		Name:             "valid-policy",
		Description:      "Things must be valid.",
		Rationale:        "Invalid things break.",
		RemediationSteps: "Make the thing valid.",
		Severity:         SeverityLow,
		ResourceTypes:    []string{thingType},
		ValidateResource: func(context.Context, *ResourceCheck) error { return nil },
	}
}

func TestNewRejectsInvalidPolicies(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*Policy)
		wantErr string
	}{
		{name: "name with capitals", change: func(p *Policy) { p.Name = "Valid-Policy" },
			wantErr: `name "Valid-Policy" must be lowercase words joined by hyphens`},
		{name: "reserved name", change: func(p *Policy) { p.Name = "pack-settings" },
			wantErr: `name "pack-settings" is reserved in pack config`},
		{name: "description without period", change: func(p *Policy) { p.Description = "Things must be valid" },
			wantErr: "must be one line that ends with a period"},
		{name: "description on two lines", change: func(p *Policy) { p.Description = "Things must.\nBe valid." },
			wantErr: "must be one line that ends with a period"},
		{name: "no rationale", change: func(p *Policy) { p.Rationale = " " }, wantErr: "rationale is empty"},
		{name: "no remediation steps", change: func(p *Policy) { p.RemediationSteps = "" },
			wantErr: "remediation steps are empty"},
		{name: "no severity", change: func(p *Policy) { p.Severity = "" },
			wantErr: `severity "" must be low, medium, high or critical`},
		{name: "remediate level", change: func(p *Policy) { p.EnforcementLevel = EnforcementLevelRemediate },
			wantErr: `enforcement level "remediate" must be advisory, mandatory, disabled or empty`},
		{name: "two validate functions", change: func(p *Policy) {
			p.ValidateStack = func(context.Context, *StackCheck) error { return nil }
		}, wantErr: "exactly one of ValidateResource and ValidateStack must be set"},
		{name: "no resource types", change: func(p *Policy) { p.ResourceTypes = nil }, wantErr: "resource types are empty"},
		{name: "unknown profile", change: func(p *Policy) {
			p.Profiles = map[Profile]EnforcementLevel{"sox": EnforcementLevelMandatory}
		}, wantErr: `profile "sox" is not one of`},
		{name: "profile lowers", change: func(p *Policy) {
			p.EnforcementLevel = EnforcementLevelMandatory
			p.Profiles = map[Profile]EnforcementLevel{ProfilePCI: EnforcementLevelAdvisory}
		}, wantErr: `profile "pci" lowers its level from mandatory to advisory, but a profile may only raise it`},
		{name: "config property without description", change: func(p *Policy) {
			p.ConfigSchema = &ConfigSchema{Properties: map[string]map[string]any{"limit": {"type": "integer"}}}
		}, wantErr: "config property limit needs a type and a description"},
		{name: "reserved config property", change: func(p *Policy) {
			p.ConfigSchema = &ConfigSchema{Properties: map[string]map[string]any{
				"enforcementLevel": {"type": "string", "description": "Level."},
			}}
		}, wantErr: "config property enforcementLevel is reserved by the engine"},
		{name: "required property not in schema", change: func(p *Policy) {
			p.ConfigSchema = &ConfigSchema{Required: []string{"limit"}}
		}, wantErr: "required config property limit is not in the schema"},
		{name: "schema that does not compile", change: func(p *Policy) {
			p.ConfigSchema = &ConfigSchema{Properties: map[string]map[string]any{
				"limit": {"type": "integer", "minimum": "one", "description": "Limit."},
			}}
		}, wantErr: "compiling config schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := validPolicy()
			tt.change(policy)
			_, err := New(Args{Name: "test", Version: "1.0.0", Policies: []*Policy{policy}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestNewRejectsInvalidPacks(t *testing.T) {
	tests := []struct {
		name    string
		args    Args
		wantErr string
	}{
		{name: "name with spaces", args: Args{Name: "my pack", Version: "1.0.0"}, wantErr: `invalid pack name "my pack"`},
		{name: "version not semantic", args: Args{Name: "test", Version: "1.0"}, wantErr: `invalid pack version "1.0"`},
		{name: "remediate level", args: Args{Name: "test", Version: "1.0.0", EnforcementLevel: EnforcementLevelRemediate},
			wantErr: `invalid pack enforcement level "remediate"`},
		{name: "duplicate policy", args: Args{Name: "test", Version: "1.0.0", Policies: []*Policy{validPolicy(), validPolicy()}},
			wantErr: `duplicate policy name "valid-policy"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestPackLevels(t *testing.T) {
	own := validPolicy()
	own.Name = "own-level"
	own.EnforcementLevel = EnforcementLevelDisabled
	raised := validPolicy()
	raised.Name = "raised"
	raised.EnforcementLevel = EnforcementLevelAdvisory
	raised.Profiles = map[Profile]EnforcementLevel{ProfileHIPAA: EnforcementLevelMandatory}

	t.Run("pack default is advisory", func(t *testing.T) {
		p, err := New(Args{Name: "test", Version: "1.0.0", Policies: []*Policy{validPolicy()}})
		require.NoError(t, err)
		assert.Equal(t, EnforcementLevelAdvisory, p.Level(p.Policies()[0]))
	})

	p, err := New(Args{Name: "test", Version: "1.0.0", EnforcementLevel: EnforcementLevelMandatory,
		Policies: []*Policy{validPolicy(), own, raised}})
	require.NoError(t, err)
	tests := []struct {
		policy  string
		profile Profile
		want    EnforcementLevel
	}{
		{policy: "valid-policy", profile: ProfileBaseline, want: EnforcementLevelMandatory},
		{policy: "own-level", profile: ProfileHIPAA, want: EnforcementLevelDisabled},
		{policy: "raised", profile: ProfileBaseline, want: EnforcementLevelAdvisory},
		{policy: "raised", profile: ProfileHIPAA, want: EnforcementLevelMandatory},
		{policy: "raised", profile: ProfilePCI, want: EnforcementLevelAdvisory},
	}
	for _, tt := range tests {
		t.Run(tt.policy+" in "+string(tt.profile), func(t *testing.T) {
			policy, ok := p.Policy(tt.policy)
			require.True(t, ok)
			assert.Equal(t, tt.want, p.LevelIn(policy, tt.profile))
		})
	}
}

func TestCatalog(t *testing.T) {
	p := newTestPack(t)
	catalog := string(p.Catalog("go run ./catalog"))

	assert.Contains(t, catalog, "<!-- Generated by `go run ./catalog` from the stock pack 1.0.0. Do not edit. -->")
	assert.Contains(t, catalog, "| [described](#described) | advisory | mandatory | advisory | critical | yes | `Thing` |")
	assert.Contains(t, catalog, "- Kind: stack policy, runs once all resources are registered\n")
	assert.Contains(t, catalog, "  - `limit` (integer, default 3, minimum 1): Largest accepted size.\n")
	assert.Contains(t, catalog, "- Framework: PCI DSS 4.0, 10.2.1 (Audit logs)\n")
	assert.Equal(t, catalog, string(p.Catalog("go run ./catalog")), "the catalog is deterministic")
}
