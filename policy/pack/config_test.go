package pack

import (
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/structpb"
)

// configRequest builds a Configure request as the engine does: every policy at its advertised level,
// then the overrides (a level name, or properties that may include "enforcementLevel").
func configRequest(t *testing.T, p *Pack, overrides map[string]any) map[string]*pulumirpc.PolicyConfig {
	t.Helper()
	info, err := p.analyzerInfo()
	require.NoError(t, err)
	return engineConfig(t, info, overrides)
}

func TestConfigureLevels(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string]any
		want      map[string]EnforcementLevel
	}{
		{
			name:      "advertised levels",
			overrides: nil,
			want: map[string]EnforcementLevel{
				"no-level": EnforcementLevelMandatory, "described": EnforcementLevelAdvisory,
				"panics": EnforcementLevelAdvisory,
			},
		},
		{
			name:      "waivable policy lowered",
			overrides: map[string]any{"reads-value": "disabled"},
			want:      map[string]EnforcementLevel{"reads-value": EnforcementLevelDisabled},
		},
		{
			name:      "advisory policy raised",
			overrides: map[string]any{"panics": "mandatory"},
			want:      map[string]EnforcementLevel{"panics": EnforcementLevelMandatory},
		},
		{
			name:      "hipaa profile raises",
			overrides: map[string]any{SettingsKey: map[string]any{"profiles": []any{"hipaa"}}},
			want:      map[string]EnforcementLevel{"described": EnforcementLevelMandatory, "panics": EnforcementLevelAdvisory},
		},
		{
			name:      "pci profile keeps",
			overrides: map[string]any{SettingsKey: map[string]any{"profiles": []any{"pci"}}},
			want:      map[string]EnforcementLevel{"described": EnforcementLevelAdvisory},
		},
		{
			name: "explicit level wins over profile",
			overrides: map[string]any{
				SettingsKey: map[string]any{"profiles": []any{"hipaa"}},
				"described": "disabled",
			},
			want: map[string]EnforcementLevel{"described": EnforcementLevelDisabled},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPack(t)
			config, err := p.configure(configRequest(t, p, tt.overrides), testNow)
			require.NoError(t, err)
			for name, want := range tt.want {
				assert.Equal(t, want, config.levels[name], name)
			}
		})
	}
}

func TestConfigureAllEntry(t *testing.T) {
	p := newTestPack(t)
	request := configRequest(t, p, nil)
	delete(request, "reads-value")
	request[allKey] = &pulumirpc.PolicyConfig{EnforcementLevel: pulumirpc.EnforcementLevel_DISABLED}

	config, err := p.configure(request, testNow)
	require.NoError(t, err)
	assert.Equal(t, EnforcementLevelDisabled, config.levels["reads-value"], "a policy without an entry takes all's level")
	assert.Equal(t, EnforcementLevelMandatory, config.levels["no-level"], "an entry of its own wins over all")
}

func TestConfigureRejects(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string]any
		wantErr   string
	}{
		{
			name:      "unknown policy name",
			overrides: map[string]any{"no-such-policy": "advisory"},
			wantErr: `unknown policy names "no-such-policy": use the names of the pack's policies, "all" or ` +
				`"pack-settings"; valid policy names are described, no-level, panics`,
		},
		{
			name:      "remediate",
			overrides: map[string]any{"described": "remediate"},
			wantErr: `policy described: enforcement level "remediate" needs a remediation policy, and described ` +
				`only validates: set advisory, mandatory or disabled`,
		},
		{
			name:      "lowering a policy that cannot be waived",
			overrides: map[string]any{"no-level": "advisory"},
			wantErr: "policy no-level cannot be waived, so config cannot lower its enforcement level from " +
				"mandatory to advisory: remove that setting",
		},
		{
			name:      "config that fails the schema",
			overrides: map[string]any{"described": map[string]any{"limit": "three"}},
			wantErr:   "invalid config for policy described: limit: got string, want integer",
		},
		{
			name:      "unknown profile",
			overrides: map[string]any{SettingsKey: map[string]any{"profiles": []any{"sox"}}},
			wantErr:   `invalid pack-settings: profile "sox" is not one of ["baseline" "hipaa" "pci"]`,
		},
		{
			name:      "unknown setting",
			overrides: map[string]any{SettingsKey: map[string]any{"profile": "hipaa"}},
			wantErr:   `invalid pack-settings: json: unknown field "profile": the settings are "profiles"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPack(t)
			_, err := p.configure(configRequest(t, p, tt.overrides), testNow)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Contains(t, err.Error(), "invalid policy pack config for stock: ")
		})
	}
}

func TestConfigureReportsEveryProblem(t *testing.T) {
	p := newTestPack(t)
	_, err := p.configure(configRequest(t, p, map[string]any{
		"typo": "advisory", "described": "remediate",
	}), testNow)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown policy names "typo"`)
	assert.Contains(t, err.Error(), `policy described: enforcement level "remediate"`)
}

func TestConfigureExceptions(t *testing.T) {
	valid := func(changes map[string]any) map[string]any {
		exception := map[string]any{
			"id": "EXC-1", "policy": "reads-value", "name": "thing-1",
			"reason": "The thing keeps its value until the migration in March.",
		}
		for key, value := range changes {
			if value == nil {
				delete(exception, key)
				continue
			}
			exception[key] = value
		}
		return exception
	}

	tests := []struct {
		name       string
		exceptions []any
		wantErr    string
	}{
		{name: "valid", exceptions: []any{valid(nil)}},
		{name: "expires today", exceptions: []any{valid(map[string]any{"expires": "2026-06-15"})}},
		{
			name:       "expired",
			exceptions: []any{valid(map[string]any{"expires": "2026-06-14"})},
			wantErr: `exception "EXC-1" expired on 2026-06-14: fix the resource, or renew the exception with a ` +
				"later expires date",
		},
		{
			name:       "expiry not a date",
			exceptions: []any{valid(map[string]any{"expires": "next year"})},
			wantErr:    `exception "EXC-1": expires "next year" is not a date: use YYYY-MM-DD`,
		},
		{
			name:       "reason missing",
			exceptions: []any{valid(map[string]any{"reason": nil})},
			wantErr:    `exception "EXC-1": reason is missing: state why the resource cannot comply`,
		},
		{
			name:       "placeholder reason",
			exceptions: []any{valid(map[string]any{"reason": "tbd"})},
			wantErr: `exception "EXC-1": reason "tbd" is too short: state in at least 20 characters and 3 words ` +
				"why the resource cannot comply",
		},
		{
			name:       "long single word",
			exceptions: []any{valid(map[string]any{"reason": "temporarily-needed-for-now"})},
			wantErr:    `reason "temporarily-needed-for-now" is too short`,
		},
		{
			name:       "policy that cannot be waived",
			exceptions: []any{valid(map[string]any{"policy": "no-level"})},
			wantErr:    `exception "EXC-1": policy "no-level" cannot be waived: fix the resource instead`,
		},
		{
			name:       "policy not in the pack",
			exceptions: []any{valid(map[string]any{"policy": "reads-valeu"})},
			wantErr:    `exception "EXC-1": policy "reads-valeu" is not in the pack: name one of its policies`,
		},
		{
			name:       "policy missing",
			exceptions: []any{valid(map[string]any{"policy": nil})},
			wantErr:    `exception "EXC-1": policy is missing: name the policy to waive`,
		},
		{
			name:       "no resource selector",
			exceptions: []any{valid(map[string]any{"name": nil})},
			wantErr:    `exception "EXC-1": set at least one of urn, name and type to select the resources`,
		},
		{
			name:       "id missing",
			exceptions: []any{valid(map[string]any{"id": nil})},
			wantErr:    `exception for policy "reads-value": id is missing`,
		},
		{
			name:       "duplicate id",
			exceptions: []any{valid(nil), valid(map[string]any{"name": "thing-2"})},
			wantErr:    `exception id "EXC-1" is used twice: give each exception its own id`,
		},
		{
			name:       "unknown field",
			exceptions: []any{valid(map[string]any{"resource": "thing-1"})},
			wantErr:    `json: unknown field "resource"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPack(t)
			config, err := p.configure(configRequest(t, p, map[string]any{
				SettingsKey: map[string]any{"exceptions": tt.exceptions},
			}), testNow)
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Len(t, config.settings.Exceptions, len(tt.exceptions))
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestExceptionMatches(t *testing.T) {
	const urn = "urn:pulumi:dev::project::aws:s3/bucketV2:BucketV2::logs-bucket"
	tests := []struct {
		name      string
		exception Exception
		policy    string
		want      bool
	}{
		{name: "exact urn", exception: Exception{URN: urn}, want: true},
		{name: "urn glob across separators", exception: Exception{URN: "urn:pulumi:*::logs-*"}, want: true},
		{name: "name glob", exception: Exception{Name: "logs-?ucket"}, want: true},
		{name: "type glob", exception: Exception{Type: "aws:s3/*"}, want: true},
		{name: "name and type", exception: Exception{Name: "logs-bucket", Type: "aws:s3/bucketV2:BucketV2"}, want: true},
		{name: "name matches, type does not", exception: Exception{Name: "logs-bucket", Type: "aws:kms/*"}, want: false},
		{name: "prefix only", exception: Exception{Name: "logs"}, want: false},
		{name: "regular expression characters are literal", exception: Exception{Name: "logs.bucket"}, want: false},
		{name: "other policy", exception: Exception{Name: "logs-bucket"}, policy: "other", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exception := tt.exception
			exception.Policy = "reads-value"
			exception.urn, exception.name, exception.resourceType =
				globPattern(exception.URN), globPattern(exception.Name), globPattern(exception.Type)
			policy := tt.policy
			if policy == "" {
				policy = "reads-value"
			}
			assert.Equal(t, tt.want, exception.matches(policy, urn, "logs-bucket", "aws:s3/bucketV2:BucketV2"))
		})
	}
}

func TestDefaultConfiguration(t *testing.T) {
	p := newTestPack(t)
	config := p.defaultConfiguration()

	assert.Equal(t, EnforcementLevelMandatory, config.levels["no-level"])
	assert.Equal(t, 3.0, config.properties["described"]["limit"], "schema defaults apply, as JSON numbers")
	assert.Empty(t, config.settings.Exceptions)
}

func TestConfigureSettingsWithoutProperties(t *testing.T) {
	p := newTestPack(t)
	properties, err := structpb.NewStruct(map[string]any{})
	require.NoError(t, err)
	request := configRequest(t, p, nil)
	request[SettingsKey] = &pulumirpc.PolicyConfig{EnforcementLevel: pulumirpc.EnforcementLevel_ADVISORY, Properties: properties}

	config, err := p.configure(request, time.Now())
	require.NoError(t, err)
	assert.Empty(t, config.settings.Profiles)
}
