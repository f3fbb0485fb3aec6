package pack

import (
	"fmt"
	"slices"
	"strings"
)

// ControlFramework is a compliance framework whose controls policies map to. The analyzer protocol
// carries one Framework per policy, so the pack sends every mapped control as a tag of the form
// "<Key>:<control id>", as in "soc2:CC6.1".
type ControlFramework struct {
	// Key is the tag prefix and the file name of the framework's control matrix, as in "soc2".
	Key string
	// Name is the framework's name, as in "SOC 2 Trust Services Criteria".
	Name string
	// Version is the edition of the framework that the control ids come from.
	Version string
}

// Keys of the frameworks that policies map to.
const (
	FrameworkSOC2      = "soc2"
	FrameworkHIPAA     = "hipaa"
	FrameworkPCIDSS4   = "pci-dss-4.0"
	FrameworkGDPR      = "gdpr"
	FrameworkPCIDSS321 = "pci-dss-3.2.1"
	FrameworkNIST80053 = "nist-800-53-r5"
)

// ControlFrameworks lists every framework that a Control may name, in the order the catalog shows
// them. The first four are the ones every policy must map to (see RequiredFrameworks).
var ControlFrameworks = []ControlFramework{
	{Key: FrameworkSOC2, Name: "SOC 2 Trust Services Criteria", Version: "2017 (points of focus revised 2022)"},
	{Key: FrameworkHIPAA, Name: "HIPAA Security Rule", Version: "45 CFR 164 Subpart C"},
	{Key: FrameworkPCIDSS4, Name: "PCI DSS", Version: "4.0"},
	{Key: FrameworkGDPR, Name: "GDPR", Version: "Regulation (EU) 2016/679, Articles 25 and 32"},
	{Key: FrameworkPCIDSS321, Name: "PCI DSS", Version: "3.2.1 (retired)"},
	{Key: FrameworkNIST80053, Name: "NIST SP 800-53", Version: "Revision 5"},
}

// RequiredFrameworks are the frameworks that every policy of a pack maps to at least one control of.
var RequiredFrameworks = []string{FrameworkSOC2, FrameworkHIPAA, FrameworkPCIDSS4, FrameworkGDPR}

// SourcePack is the Source of a mapping that the pack's authors made. No anchor rule set states a
// SOC 2, GDPR or PCI DSS 4.0 mapping, so all of those carry this source.
const SourcePack = "secure-serverless (our mapping)"

// Control is one control of a compliance framework that a policy supports.
type Control struct {
	// Framework is the Key of one of ControlFrameworks.
	Framework string
	// ID is the control's id in that framework, as in "CC6.1" or "164.312(b)".
	ID string
	// Source names who states the mapping: SourcePack, or the rule set and rule that state it, as in
	// "cdk-nag v3.0.1 HIPAASecurityChecks (S3BucketVersioningEnabled)".
	Source string
}

// Tag returns the control as a policy tag, as in "soc2:CC6.1".
func (c Control) Tag() string {
	return c.Framework + ":" + c.ID
}

// LookupControlFramework returns the framework with the given key.
func LookupControlFramework(key string) (ControlFramework, bool) {
	index := slices.IndexFunc(ControlFrameworks, func(f ControlFramework) bool { return f.Key == key })
	if index < 0 {
		return ControlFramework{}, false
	}
	return ControlFrameworks[index], true
}

// validateControls checks that each control names a known framework, an id and a source, and that
// no control is listed twice.
func (p *Policy) validateControls() []error {
	var problems []error
	seen := map[Control]bool{}
	for _, control := range p.Controls {
		if _, ok := LookupControlFramework(control.Framework); !ok {
			problems = append(problems, fmt.Errorf("control %q names unknown framework %q: use one of %s",
				control.ID, control.Framework, strings.Join(frameworkKeys(), ", ")))
		}
		if strings.TrimSpace(control.ID) == "" {
			problems = append(problems, fmt.Errorf("a control of framework %q has an empty id", control.Framework))
		}
		if strings.TrimSpace(control.Source) == "" {
			problems = append(problems, fmt.Errorf("control %s has no source: use SourcePack or name the rule set that states it",
				control.Tag()))
		}
		if seen[control] {
			problems = append(problems, fmt.Errorf("control %s from %q is listed twice", control.Tag(), control.Source))
		}
		seen[control] = true
	}
	return problems
}

// ControlsOf returns the policy's controls of one framework, in the policy's order.
func (p *Policy) ControlsOf(framework string) []Control {
	var controls []Control
	for _, control := range p.Controls {
		if control.Framework == framework {
			controls = append(controls, control)
		}
	}
	return controls
}

// EngineTags returns the tags the pack sends to the engine: Tags, then one tag per mapped control
// that Tags does not already contain.
func (p *Policy) EngineTags() []string {
	tags := slices.Clone(p.Tags)
	for _, control := range p.Controls {
		if tag := control.Tag(); !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	return tags
}

func frameworkKeys() []string {
	keys := make([]string, len(ControlFrameworks))
	for i, framework := range ControlFrameworks {
		keys[i] = framework.Key
	}
	return keys
}
