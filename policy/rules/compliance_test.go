package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/policy/pack"
)

func TestEveryPolicyMapsRequiredFrameworks(t *testing.T) {
	for _, policy := range All() {
		t.Run(policy.Name, func(t *testing.T) {
			_, classified := policyControlClasses[policy.Name]
			assert.True(t, classified, "policy has no entry in policyControlClasses")
			for _, framework := range pack.RequiredFrameworks {
				assert.NotEmpty(t, policy.ControlsOf(framework), "no %s control", framework)
			}
		})
	}
}

func TestControlTablesNameRealPolicies(t *testing.T) {
	names := map[string]bool{}
	for _, policy := range All() {
		names[policy.Name] = true
	}
	for name := range policyControlClasses {
		assert.True(t, names[name], "policyControlClasses names unknown policy %q", name)
	}
	for name, cdkNagRules := range policyCDKNagRules {
		assert.True(t, names[name], "policyCDKNagRules names unknown policy %q", name)
		for _, rule := range cdkNagRules {
			assert.NotEmpty(t, cdkNagRuleControls[rule], "cdk-nag rule %s of %s has no controls", rule, name)
		}
	}
}

// TestOnlyCDKNagStatesAnchorMappings checks the sources: SOC 2, PCI DSS 4.0 and GDPR mappings are
// ours, because no anchor states one, and every NIST SP 800-53 mapping comes from cdk-nag.
func TestOnlyCDKNagStatesAnchorMappings(t *testing.T) {
	for _, policy := range All() {
		for _, control := range policy.Controls {
			switch control.Framework {
			case pack.FrameworkSOC2, pack.FrameworkPCIDSS4, pack.FrameworkGDPR:
				assert.Equal(t, pack.SourcePack, control.Source, "%s %s", policy.Name, control.Tag())
			case pack.FrameworkNIST80053:
				assert.True(t, strings.HasPrefix(control.Source, cdkNagVersion+" NIST80053R5Checks ("),
					"%s %s from %q", policy.Name, control.Tag(), control.Source)
			}
		}
	}
}

func TestControlIDsWellFormed(t *testing.T) {
	for _, policy := range All() {
		for _, control := range policy.Controls {
			assert.Equal(t, strings.Count(control.ID, "("), strings.Count(control.ID, ")"),
				"%s: unbalanced parentheses in %s", policy.Name, control.Tag())
			assert.Equal(t, strings.TrimSpace(control.ID), control.ID, "%s: spaces around %q", policy.Name, control.ID)
		}
	}
}

// TestTaggedControlsKept checks that each HIPAA and PCI DSS 3.2.1 control that a policy's own tags
// name is among its Controls, so the catalog and matrices show every mapping the engine receives.
func TestTaggedControlsKept(t *testing.T) {
	for _, policy := range All() {
		for _, tag := range policy.Tags {
			if !strings.HasPrefix(tag, tagHIPAA) && !strings.HasPrefix(tag, tagPCI) {
				continue
			}
			found := false
			for _, control := range policy.Controls {
				found = found || control.Tag() == tag
			}
			assert.True(t, found, "%s: tag %s has no control", policy.Name, tag)
		}
	}
}

func TestCDKNagControlsOfVersioning(t *testing.T) {
	policy := controlsByTag(t, PolicyS3BucketVersioningEnabled)

	source := "cdk-nag v3.0.1 HIPAASecurityChecks (S3BucketVersioningEnabled)"
	for _, id := range []string{"164.308(a)(7)(i)", "164.308(a)(7)(ii)(A)", "164.308(a)(7)(ii)(B)", "164.312(c)(1)", "164.312(c)(2)"} {
		assert.Equal(t, source, policy["hipaa:"+id], id)
	}
	assert.Equal(t, "cdk-nag v3.0.1 PCIDSS321Checks (S3BucketVersioningEnabled)", policy["pci-dss-3.2.1:10.5.3"])
	assert.Equal(t, pack.SourcePack, policy["soc2:A1.2"])
	assert.Equal(t, pack.SourcePack, policy["gdpr:Art. 32(1)(c)"])
}

func TestCDKNagControlsMergeRules(t *testing.T) {
	policy := controlsByTag(t, PolicyEC2NoPublicIngress)

	assert.Equal(t, "cdk-nag v3.0.1 HIPAASecurityChecks (EC2RestrictedSSH, EC2RestrictedCommonPorts)", policy["hipaa:164.312(e)(1)"])
	assert.Equal(t, "cdk-nag v3.0.1 NIST80053R5Checks (EC2RestrictedCommonPorts)", policy["nist-800-53-r5:CM-7b"])
	assert.Equal(t, "cdk-nag v3.0.1 NIST80053R5Checks (EC2RestrictedSSH, EC2RestrictedCommonPorts)", policy["nist-800-53-r5:AC-17(1)"])
}

func TestEngineTagsCarryControls(t *testing.T) {
	for _, policy := range All() {
		tags := policy.EngineTags()
		for _, control := range policy.Controls {
			assert.Contains(t, tags, control.Tag(), policy.Name)
		}
	}
}

// controlsByTag returns the source of each control of the named policy, keyed by the control's tag.
func controlsByTag(t *testing.T, name string) map[string]string {
	t.Helper()
	for _, policy := range All() {
		if policy.Name != name {
			continue
		}
		sources := map[string]string{}
		for _, control := range policy.Controls {
			_, duplicate := sources[control.Tag()]
			require.False(t, duplicate, "control %s listed twice", control.Tag())
			sources[control.Tag()] = control.Source
		}
		return sources
	}
	require.FailNow(t, "policy not found", name)
	return nil
}
