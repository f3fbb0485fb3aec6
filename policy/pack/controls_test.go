package pack

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPolicyControlsValidated(t *testing.T) {
	tests := []struct {
		name    string
		control Control
		want    string
	}{
		{"unknown framework", Control{Framework: "iso27001", ID: "A.8.24", Source: SourcePack}, `names unknown framework "iso27001"`},
		{"empty id", Control{Framework: FrameworkSOC2, ID: " ", Source: SourcePack}, "has an empty id"},
		{"no source", Control{Framework: FrameworkSOC2, ID: "CC6.1"}, "control soc2:CC6.1 has no source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := namedPolicy("controls")
			policy.Controls = []Control{tt.control}
			err := policy.validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}

	t.Run("duplicate", func(t *testing.T) {
		policy := namedPolicy("controls")
		control := Control{Framework: FrameworkGDPR, ID: "Art. 32(1)(a)", Source: SourcePack}
		policy.Controls = []Control{control, control}
		err := policy.validate()
		require.Error(t, err)
		assert.Contains(t, err.Error(), "listed twice")
	})

	t.Run("valid", func(t *testing.T) {
		policy := namedPolicy("controls")
		policy.Controls = []Control{{Framework: FrameworkHIPAA, ID: "164.312(b)", Source: "cdk-nag v3.0.1 HIPAASecurityChecks (X)"}}
		assert.NoError(t, policy.validate())
	})
}

func TestEngineTagsAddControls(t *testing.T) {
	policy := namedPolicy("tags")
	policy.Tags = []string{"aws", "hipaa:164.312(b)"}
	policy.Controls = []Control{
		{Framework: FrameworkHIPAA, ID: "164.312(b)", Source: SourcePack},
		{Framework: FrameworkSOC2, ID: "CC7.2", Source: SourcePack},
	}

	assert.Equal(t, []string{"aws", "hipaa:164.312(b)", "soc2:CC7.2"}, policy.EngineTags())
	assert.Equal(t, []string{"aws", "hipaa:164.312(b)"}, policy.Tags, "EngineTags must not change Tags")

	p, err := New(Args{Name: "tags", Version: "1.0.0", Policies: []*Policy{policy}})
	require.NoError(t, err)
	info, err := p.policyInfo(policy)
	require.NoError(t, err)
	assert.Equal(t, []string{"aws", "hipaa:164.312(b)", "soc2:CC7.2"}, info.GetTags())
}

func TestControlMatrixRows(t *testing.T) {
	first := namedPolicy("first")
	first.Controls = []Control{
		{Framework: FrameworkPCIDSS4, ID: "10.2.1", Source: SourcePack},
		{Framework: FrameworkPCIDSS4, ID: "3.5.1", Source: SourcePack},
		{Framework: FrameworkSOC2, ID: "CC6.1", Source: SourcePack},
	}
	second := namedPolicy("second")
	second.EnforcementLevel = EnforcementLevelAdvisory
	second.Profiles = map[Profile]EnforcementLevel{ProfilePCI: EnforcementLevelMandatory}
	second.Controls = []Control{{Framework: FrameworkPCIDSS4, ID: "3.5.1", Source: "anchor"}}
	p, err := New(Args{Name: "matrix", Version: "1.0.0", EnforcementLevel: EnforcementLevelMandatory, Policies: []*Policy{first, second}})
	require.NoError(t, err)

	page, err := p.ControlMatrix(FrameworkPCIDSS4, "generator")
	require.NoError(t, err)
	text := string(page)

	assert.Contains(t, text, "# PCI DSS 4.0: control matrix of the matrix pack\n")
	assert.Contains(t, text, "2 controls, 3 mappings.")
	rows := []string{
		"| 3.5.1 | [first](../../POLICIES.md#first) | " + SourcePack + " | mandatory / mandatory / mandatory |",
		"| 3.5.1 | [second](../../POLICIES.md#second) | anchor | advisory / advisory / mandatory |",
		"| 10.2.1 | [first](../../POLICIES.md#first) | " + SourcePack + " | mandatory / mandatory / mandatory |",
	}
	previous := -1
	for _, row := range rows {
		index := strings.Index(text, row)
		require.GreaterOrEqual(t, index, 0, "missing row %s", row)
		assert.Greater(t, index, previous, "row out of order: %s", row)
		previous = index
	}
	assert.NotContains(t, text, "CC6.1", "a matrix shows only its own framework")

	_, err = p.ControlMatrix("iso27001", "generator")
	assert.ErrorContains(t, err, `unknown control framework "iso27001"`)
}

func TestCompareControlIDs(t *testing.T) {
	ordered := []string{"1.2", "1.2.1", "2.2", "10.2.1", "164.308(a)(7)(i)", "164.312(a)(1)", "164.312(a)(2)(iv)",
		"A1.2", "Art. 25(2)", "Art. 32(1)(a)", "CC6.2", "CC6.10"}
	for i := 1; i < len(ordered); i++ {
		assert.Negative(t, compareControlIDs(ordered[i-1], ordered[i]), "%s before %s", ordered[i-1], ordered[i])
		assert.Positive(t, compareControlIDs(ordered[i], ordered[i-1]), "%s after %s", ordered[i], ordered[i-1])
	}
	assert.Zero(t, compareControlIDs("CC6.1", "CC6.1"))
}

// namedPolicy returns a valid policy with the given name.
func namedPolicy(name string) *Policy {
	policy := validPolicy()
	policy.Name = name
	return policy
}
