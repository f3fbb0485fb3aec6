package pack

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// EnforcementLevel is what the engine does when a policy reports a violation. The values are the ones
// the Pulumi CLI accepts in a policy pack config file.
type EnforcementLevel string

const (
	// EnforcementLevelPackDefault is the zero value: the policy takes the pack's enforcement level.
	EnforcementLevelPackDefault EnforcementLevel = ""
	// EnforcementLevelAdvisory shows the violation and lets the operation go on.
	EnforcementLevelAdvisory EnforcementLevel = "advisory"
	// EnforcementLevelMandatory fails the preview, and stops the update before the resource is created.
	EnforcementLevelMandatory EnforcementLevel = "mandatory"
	// EnforcementLevelDisabled skips the policy.
	EnforcementLevelDisabled EnforcementLevel = "disabled"
	// EnforcementLevelRemediate is the level of remediation policies. This package has none, so config
	// that sets it is rejected.
	EnforcementLevelRemediate EnforcementLevel = "remediate"
)

// rank orders the levels that a pack can enforce from weakest to strongest.
func (l EnforcementLevel) rank() int {
	switch l {
	case EnforcementLevelDisabled:
		return 0
	case EnforcementLevelAdvisory:
		return 1
	case EnforcementLevelMandatory:
		return 2
	default:
		return -1
	}
}

// proto returns the level on the wire. It panics on a level that Pack.validate rejects.
func (l EnforcementLevel) proto() pulumirpc.EnforcementLevel {
	switch l {
	case EnforcementLevelAdvisory:
		return pulumirpc.EnforcementLevel_ADVISORY
	case EnforcementLevelMandatory:
		return pulumirpc.EnforcementLevel_MANDATORY
	case EnforcementLevelDisabled:
		return pulumirpc.EnforcementLevel_DISABLED
	case EnforcementLevelRemediate:
		return pulumirpc.EnforcementLevel_REMEDIATE
	default:
		panic(fmt.Sprintf("enforcement level %q has no wire value", string(l)))
	}
}

// levelFromProto converts a level received in Configure.
func levelFromProto(level pulumirpc.EnforcementLevel) (EnforcementLevel, error) {
	switch level {
	case pulumirpc.EnforcementLevel_ADVISORY:
		return EnforcementLevelAdvisory, nil
	case pulumirpc.EnforcementLevel_MANDATORY:
		return EnforcementLevelMandatory, nil
	case pulumirpc.EnforcementLevel_DISABLED:
		return EnforcementLevelDisabled, nil
	case pulumirpc.EnforcementLevel_REMEDIATE:
		return EnforcementLevelRemediate, nil
	default:
		return "", fmt.Errorf("invalid enforcement level %d", level)
	}
}

// Severity is how much harm a violation of the policy can do. The engine stores it with each policy
// event, and reports sort and filter findings by it.
type Severity string

// Severities, from least to most harmful.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// proto returns the severity on the wire, or UNSPECIFIED for an unknown value.
func (s Severity) proto() pulumirpc.PolicySeverity {
	switch s {
	case SeverityLow:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_LOW
	case SeverityMedium:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_MEDIUM
	case SeverityHigh:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH
	case SeverityCritical:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL
	default:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_UNSPECIFIED
	}
}

// Profile names a set of raised enforcement levels that a stack selects in the pack config, for
// example to enforce what a HIPAA or PCI DSS workload needs on top of the baseline.
type Profile string

// Profiles that a stack can select.
const (
	// ProfileBaseline keeps every policy at its own level. It is the profile when config selects none.
	ProfileBaseline Profile = "baseline"
	// ProfileHIPAA raises the policies that protect electronic protected health information.
	ProfileHIPAA Profile = "hipaa"
	// ProfilePCI raises the policies that protect cardholder data.
	ProfilePCI Profile = "pci"
)

// Profiles lists every profile, in the order the catalog shows them.
var Profiles = []Profile{ProfileBaseline, ProfileHIPAA, ProfilePCI}

// Framework is the compliance control that a policy implements. The analyzer protocol carries one
// framework per policy; further mappings go into Tags.
type Framework struct {
	// Name is the framework, such as "PCI DSS".
	Name string
	// Version is the framework version, such as "4.0".
	Version string
	// Reference is the control, such as "1.4.1".
	Reference string
	// Specification is a short statement of the control.
	Specification string
}

// ConfigSchema is the JSON schema of a policy's config properties. The engine validates the pack
// config against it before it configures the pack, and the pack validates again on Configure.
type ConfigSchema struct {
	// Properties maps each property name to its JSON schema. Each must state "type" and
	// "description"; "enforcementLevel" is reserved by the engine.
	Properties map[string]map[string]any
	// Required lists the properties that config must set.
	Required []string
}

// Policy is one rule of the pack. A policy sets exactly one of ValidateResource and ValidateStack.
//
// A resource policy runs before the engine creates or updates each resource, on the resource's
// inputs, so a mandatory violation stops that resource. A stack policy runs once after the engine
// has registered every resource, on their outputs and dependencies, so it can join a resource with
// its sibling resources. Prefer a resource policy for mandatory checks where one resource holds the
// whole setting.
type Policy struct {
	// Name is the policy's id: lowercase words joined by hyphens, unique in the pack. Config and
	// exceptions name the policy by it, and its file in the rules package is named after it.
	Name string
	// Description is one sentence, ending with a period, that states what the policy requires. The
	// engine prints it above every violation.
	Description string
	// Rationale explains why the requirement matters. The catalog shows it.
	Rationale string
	// RemediationSteps explain how to fix a violation. The engine stores it with the policy and the
	// catalog shows it.
	RemediationSteps string
	// EnforcementLevel is the policy's level. The zero value takes the pack's level.
	EnforcementLevel EnforcementLevel
	// Severity is how much harm a violation can do. Every policy must set it.
	Severity Severity
	// Tags are free-form labels, such as "s3" or "hipaa:164.312(a)(1)".
	Tags []string
	// Framework is the compliance control the policy implements, if any.
	Framework *Framework
	// Controls are the controls of the ControlFrameworks that the policy supports, each with the
	// source of the mapping. The pack sends each as a tag, and the catalog and the control matrices
	// list them.
	Controls []Control
	// URL points to more information about the policy, if any.
	URL string
	// Waivable lets pack config waive the policy for chosen resources. The zero value keeps the
	// policy from being waived or lowered by config, which suits rules against public exposure,
	// administrator access and tampering with the audit trail.
	Waivable bool
	// Profiles raises the policy's level in the named profiles. A profile may only raise a level.
	Profiles map[Profile]EnforcementLevel
	// ResourceTypes are the type tokens the policy checks. A resource policy runs only for these
	// types; a stack policy receives every resource and reports on these types.
	ResourceTypes []string
	// ConfigSchema describes the policy's config properties, if it has any.
	ConfigSchema *ConfigSchema

	// ValidateResource checks one resource and reports through check. An error or a panic is
	// reported as a mandatory violation that names the policy.
	ValidateResource func(ctx context.Context, check *ResourceCheck) error
	// ValidateStack checks all resources of the stack and reports through check. An error or a
	// panic is reported as a mandatory violation that names the policy.
	ValidateStack func(ctx context.Context, check *StackCheck) error
}

// policyNamePattern is the form of a policy id.
var policyNamePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IsStackPolicy reports whether the policy validates the whole stack.
func (p *Policy) IsStackPolicy() bool {
	return p.ValidateStack != nil
}

// appliesTo reports whether a resource policy checks resources of the given type.
func (p *Policy) appliesTo(resourceType string) bool {
	return slices.Contains(p.ResourceTypes, resourceType)
}

// validate checks the policy's definition and returns every problem it finds.
func (p *Policy) validate() error {
	var problems []error
	add := func(format string, a ...any) { problems = append(problems, fmt.Errorf(format, a...)) }

	if !policyNamePattern.MatchString(p.Name) {
		add("name %q must be lowercase words joined by hyphens", p.Name)
	}
	if reservedConfigKeys[p.Name] {
		add("name %q is reserved in pack config", p.Name)
	}
	if p.Description == "" || !strings.HasSuffix(p.Description, ".") || strings.Contains(p.Description, "\n") {
		add("description %q must be one line that ends with a period", p.Description)
	}
	if strings.TrimSpace(p.Rationale) == "" {
		add("rationale is empty")
	}
	if strings.TrimSpace(p.RemediationSteps) == "" {
		add("remediation steps are empty")
	}
	if p.Severity.proto() == pulumirpc.PolicySeverity_POLICY_SEVERITY_UNSPECIFIED {
		add("severity %q must be low, medium, high or critical", p.Severity)
	}
	switch p.EnforcementLevel {
	case EnforcementLevelPackDefault, EnforcementLevelAdvisory, EnforcementLevelMandatory, EnforcementLevelDisabled:
	default:
		add("enforcement level %q must be advisory, mandatory, disabled or empty for the pack default", p.EnforcementLevel)
	}
	if (p.ValidateResource == nil) == (p.ValidateStack == nil) {
		add("exactly one of ValidateResource and ValidateStack must be set")
	}
	if len(p.ResourceTypes) == 0 {
		add("resource types are empty")
	}
	for profile, level := range p.Profiles {
		if !slices.Contains(Profiles, profile) {
			add("profile %q is not one of %q", profile, Profiles)
		}
		if level.rank() < 0 {
			add("level %q in profile %q must be advisory, mandatory or disabled", level, profile)
		}
	}
	if err := p.ConfigSchema.validate(); err != nil {
		problems = append(problems, err)
	}
	problems = append(problems, p.validateControls()...)

	if len(problems) > 0 {
		return fmt.Errorf("invalid policy %q: %w", p.Name, errors.Join(problems...))
	}
	return nil
}

// validate checks that every property has a type and a description and that the schema compiles.
func (s *ConfigSchema) validate() error {
	if s == nil {
		return nil
	}
	for name, property := range s.Properties {
		if name == "enforcementLevel" {
			return errors.New("config property enforcementLevel is reserved by the engine")
		}
		if property["type"] == nil || property["description"] == nil {
			return fmt.Errorf("config property %s needs a type and a description", name)
		}
	}
	for _, name := range s.Required {
		if _, ok := s.Properties[name]; !ok {
			return fmt.Errorf("required config property %s is not in the schema", name)
		}
	}
	if _, err := s.compile(); err != nil {
		return err
	}
	return nil
}
