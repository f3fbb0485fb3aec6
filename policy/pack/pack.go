package pack

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/blang/semver"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// Args are the contents of a policy pack.
type Args struct {
	// Name is the pack's name, which the engine shows with every violation.
	Name string
	// Version is the pack's semantic version. PulumiPolicy.yaml, when it sits next to the binary,
	// must state the same version, because the engine prefers the file's.
	Version string
	// Description is one or two sentences about the pack.
	Description string
	// EnforcementLevel is the level of every policy that does not set its own. The zero value means
	// advisory.
	EnforcementLevel EnforcementLevel
	// Policies are the pack's policies, in the order the engine runs them.
	Policies []*Policy
}

// Pack is a validated policy pack, ready to serve. It is safe for concurrent use because nothing
// changes it after New.
type Pack struct {
	args    Args
	byName  map[string]*Policy
	version semver.Version
}

// packNamePattern is the form of a pack name that the engine accepts.
var packNamePattern = regexp.MustCompile(`^[a-zA-Z0-9-_.]{1,100}$`)

// New validates the pack and its policies and returns every problem it finds in one error.
func New(args Args) (*Pack, error) {
	var problems []error
	if !packNamePattern.MatchString(args.Name) {
		problems = append(problems, fmt.Errorf("invalid pack name %q: use 1 to 100 letters, digits, '-', '_' or '.'", args.Name))
	}
	version, err := semver.Parse(args.Version)
	if err != nil {
		problems = append(problems, fmt.Errorf("invalid pack version %q: %w", args.Version, err))
	}
	if args.EnforcementLevel == EnforcementLevelPackDefault {
		args.EnforcementLevel = EnforcementLevelAdvisory
	}
	if args.EnforcementLevel.rank() < 0 {
		problems = append(problems, fmt.Errorf("invalid pack enforcement level %q: use advisory, mandatory or disabled",
			args.EnforcementLevel))
	}

	byName := make(map[string]*Policy, len(args.Policies))
	for _, policy := range args.Policies {
		if err := policy.validate(); err != nil {
			problems = append(problems, err)
		}
		if byName[policy.Name] != nil {
			problems = append(problems, fmt.Errorf("duplicate policy name %q", policy.Name))
		}
		byName[policy.Name] = policy
	}
	for _, policy := range args.Policies {
		level := args.EnforcementLevel
		if policy.EnforcementLevel != EnforcementLevelPackDefault {
			level = policy.EnforcementLevel
		}
		for profile, raised := range policy.Profiles {
			if raised.rank() >= 0 && raised.rank() < level.rank() {
				problems = append(problems, fmt.Errorf("invalid policy %q: profile %q lowers its level from %s to %s, "+
					"but a profile may only raise it", policy.Name, profile, level, raised))
			}
		}
	}

	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid policy pack %q: %w", args.Name, errors.Join(problems...))
	}
	return &Pack{args: args, byName: byName, version: version}, nil
}

// Name returns the pack's name.
func (p *Pack) Name() string { return p.args.Name }

// Version returns the pack's semantic version.
func (p *Pack) Version() string { return p.version.String() }

// Description returns the pack's description.
func (p *Pack) Description() string { return p.args.Description }

// EnforcementLevel returns the level of policies that do not set their own.
func (p *Pack) EnforcementLevel() EnforcementLevel { return p.args.EnforcementLevel }

// Policies returns the pack's policies in the order the engine runs them. Callers must not change
// them.
func (p *Pack) Policies() []*Policy { return p.args.Policies }

// Policy returns the policy with the given name.
func (p *Pack) Policy(name string) (*Policy, bool) {
	policy, ok := p.byName[name]
	return policy, ok
}

// Level returns the level of a policy in the baseline profile: its own level, or the pack's.
func (p *Pack) Level(policy *Policy) EnforcementLevel {
	if policy.EnforcementLevel != EnforcementLevelPackDefault {
		return policy.EnforcementLevel
	}
	return p.args.EnforcementLevel
}

// LevelIn returns the level of a policy when config selects profile and sets no level for it.
func (p *Pack) LevelIn(policy *Policy, profile Profile) EnforcementLevel {
	level := p.Level(policy)
	if raised, ok := policy.Profiles[profile]; ok && raised.rank() > level.rank() {
		return raised
	}
	return level
}

// analyzerInfo describes the pack and its policies for GetAnalyzerInfo.
func (p *Pack) analyzerInfo() (*pulumirpc.AnalyzerInfo, error) {
	policies := make([]*pulumirpc.PolicyInfo, 0, len(p.args.Policies))
	for _, policy := range p.args.Policies {
		info, err := p.policyInfo(policy)
		if err != nil {
			return nil, err
		}
		policies = append(policies, info)
	}

	initialConfig, err := p.initialConfig()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AnalyzerInfo{
		Name:           p.args.Name,
		Version:        p.Version(),
		Description:    p.args.Description,
		Policies:       policies,
		SupportsConfig: true,
		InitialConfig:  initialConfig,
	}, nil
}

// policyInfo describes one policy with all the metadata the analyzer protocol carries.
func (p *Pack) policyInfo(policy *Policy) (*pulumirpc.PolicyInfo, error) {
	policyType := pulumirpc.PolicyType_POLICY_TYPE_RESOURCE
	if policy.IsStackPolicy() {
		policyType = pulumirpc.PolicyType_POLICY_TYPE_STACK
	}

	var configSchema *pulumirpc.PolicyConfigSchema
	if policy.ConfigSchema != nil {
		properties, err := protoStruct(map[string]any{"properties": policy.ConfigSchema.Properties})
		if err != nil {
			return nil, fmt.Errorf("encoding config schema of policy %s: %w", policy.Name, err)
		}
		configSchema = &pulumirpc.PolicyConfigSchema{
			Properties: properties.GetFields()["properties"].GetStructValue(),
			Required:   policy.ConfigSchema.Required,
		}
	}

	var framework *pulumirpc.PolicyComplianceFramework
	if policy.Framework != nil {
		framework = &pulumirpc.PolicyComplianceFramework{
			Name:          policy.Framework.Name,
			Version:       policy.Framework.Version,
			Reference:     policy.Framework.Reference,
			Specification: policy.Framework.Specification,
		}
	}

	return &pulumirpc.PolicyInfo{
		Name:             policy.Name,
		Description:      policy.Description,
		EnforcementLevel: p.Level(policy).proto(),
		ConfigSchema:     configSchema,
		PolicyType:       policyType,
		Severity:         policy.Severity.proto(),
		Framework:        framework,
		Tags:             policy.EngineTags(),
		RemediationSteps: policy.RemediationSteps,
		Url:              policy.URL,
	}, nil
}

// initialConfig declares the settings entry, so that the engine passes a settings object without an
// enforcementLevel on to Configure. The engine (pkg/v3 engine, v3.276.0) rejects config for a name
// that is neither a policy nor in the initial config unless it sets an enforcement level.
func (p *Pack) initialConfig() (map[string]*pulumirpc.PolicyConfig, error) {
	properties, err := structpb.NewStruct(map[string]any{})
	if err != nil {
		return nil, err
	}
	return map[string]*pulumirpc.PolicyConfig{
		SettingsKey: {EnforcementLevel: pulumirpc.EnforcementLevel_ADVISORY, Properties: properties},
	}, nil
}

// protoStruct converts a Go value tree into a protobuf Struct through JSON, which accepts the
// integer and string-list values that schemas use.
func protoStruct(value map[string]any) (*structpb.Struct, error) {
	plain, err := jsonValue(value)
	if err != nil {
		return nil, err
	}
	return structpb.NewStruct(numbersToFloat(plain).(map[string]any))
}
