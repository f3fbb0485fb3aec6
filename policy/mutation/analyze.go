package mutation

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// Analyzer is the part of the analyzer protocol that checks resources. *pack.Server implements it
// in process; AnalyzerClient adapts a gRPC client.
type Analyzer interface {
	Analyze(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error)
	AnalyzeStack(context.Context, *pulumirpc.AnalyzeStackRequest) (*pulumirpc.AnalyzeResponse, error)
}

// AnalyzerClient adapts a gRPC client of a served pack to Analyzer.
type AnalyzerClient struct {
	Client pulumirpc.AnalyzerClient
}

// Analyze sends one resource over gRPC.
func (c AnalyzerClient) Analyze(ctx context.Context, request *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	return c.Client.Analyze(ctx, request)
}

// AnalyzeStack sends the whole stack over gRPC.
func (c AnalyzerClient) AnalyzeStack(
	ctx context.Context, request *pulumirpc.AnalyzeStackRequest,
) (*pulumirpc.AnalyzeResponse, error) {
	return c.Client.AnalyzeStack(ctx, request)
}

// Finding is one diagnostic of the pack.
type Finding struct {
	Policy  string
	URN     string
	Message string
	Level   pulumirpc.EnforcementLevel
}

// marshalOptions keep secret and unknown values on the wire, as the engine sends them.
var marshalOptions = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true}

// AnalyzeRequest builds the Analyze request that the engine sends for the resource's inputs.
func AnalyzeRequest(r Resource) (*pulumirpc.AnalyzeRequest, error) {
	properties, err := plugin.MarshalProperties(r.Inputs, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("encoding inputs of %s: %w", r.URN, err)
	}
	return &pulumirpc.AnalyzeRequest{
		Type:       r.Type,
		Urn:        r.URN,
		Name:       r.Name,
		Properties: properties,
		Options:    &pulumirpc.AnalyzerResourceOptions{Parent: r.Parent},
	}, nil
}

// AnalyzeStackRequest builds the AnalyzeStack request that the engine sends with the outputs.
func AnalyzeStackRequest(s *Stack) (*pulumirpc.AnalyzeStackRequest, error) {
	request := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range s.Resources {
		properties, err := plugin.MarshalProperties(r.Outputs, marshalOptions)
		if err != nil {
			return nil, fmt.Errorf("encoding outputs of %s: %w", r.URN, err)
		}
		dependencies := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
		for name, urns := range r.PropertyDependencies {
			dependencies[name] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
		}
		request.Resources = append(request.Resources, &pulumirpc.AnalyzerResource{
			Type:                 r.Type,
			Urn:                  r.URN,
			Name:                 r.Name,
			Properties:           properties,
			Parent:               r.Parent,
			Dependencies:         r.Dependencies,
			PropertyDependencies: dependencies,
		})
	}
	return request, nil
}

// Evaluate sends every resource of the stack to Analyze and then the stack to AnalyzeStack, as the
// engine does during a preview, and returns the pack's findings.
func Evaluate(ctx context.Context, analyzer Analyzer, s *Stack) ([]Finding, error) {
	var findings []Finding
	collect := func(response *pulumirpc.AnalyzeResponse) {
		for _, diagnostic := range response.GetDiagnostics() {
			findings = append(findings, Finding{
				Policy:  diagnostic.GetPolicyName(),
				URN:     diagnostic.GetUrn(),
				Message: diagnostic.GetMessage(),
				Level:   diagnostic.GetEnforcementLevel(),
			})
		}
	}

	for _, r := range s.Resources {
		request, err := AnalyzeRequest(r)
		if err != nil {
			return nil, err
		}
		response, err := analyzer.Analyze(ctx, request)
		if err != nil {
			return nil, fmt.Errorf("analyzing %s: %w", r.URN, err)
		}
		collect(response)
	}

	request, err := AnalyzeStackRequest(s)
	if err != nil {
		return nil, err
	}
	response, err := analyzer.AnalyzeStack(ctx, request)
	if err != nil {
		return nil, fmt.Errorf("analyzing the stack: %w", err)
	}
	collect(response)
	return findings, nil
}

// PackConfig reads a policy pack config file (the --policy-pack-config format: policy or settings
// name to a level or an object) into a Configure request. As the engine does, every policy of info
// starts at its advertised level.
func PackConfig(path string, info *pulumirpc.AnalyzerInfo) (map[string]*pulumirpc.PolicyConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading policy pack config: %w", err)
	}
	var entries map[string]any
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("parsing policy pack config %s: %w", path, err)
	}

	config := map[string]*pulumirpc.PolicyConfig{}
	for _, policy := range info.GetPolicies() {
		config[policy.GetName()] = &pulumirpc.PolicyConfig{EnforcementLevel: policy.GetEnforcementLevel()}
	}
	for name, initial := range info.GetInitialConfig() {
		config[name] = initial
	}
	for name, value := range entries {
		entry, ok := config[name]
		if !ok {
			entry = &pulumirpc.PolicyConfig{}
			config[name] = entry
		}
		switch value := value.(type) {
		case string:
			level, err := levelOf(value)
			if err != nil {
				return nil, fmt.Errorf("%s in %s: %w", name, path, err)
			}
			entry.EnforcementLevel = level
		case map[string]any:
			properties := map[string]any{}
			for key, field := range value {
				if key != "enforcementLevel" {
					properties[key] = field
					continue
				}
				text, _ := field.(string)
				level, err := levelOf(text)
				if err != nil {
					return nil, fmt.Errorf("%s.enforcementLevel in %s: %w", name, path, err)
				}
				entry.EnforcementLevel = level
			}
			converted, err := structpb.NewStruct(properties)
			if err != nil {
				return nil, fmt.Errorf("encoding %s in %s: %w", name, path, err)
			}
			entry.Properties = converted
		default:
			return nil, fmt.Errorf("invalid entry %s in %s: use a level name or an object", name, path)
		}
	}
	return config, nil
}

func levelOf(name string) (pulumirpc.EnforcementLevel, error) {
	switch name {
	case "advisory":
		return pulumirpc.EnforcementLevel_ADVISORY, nil
	case "mandatory":
		return pulumirpc.EnforcementLevel_MANDATORY, nil
	case "disabled":
		return pulumirpc.EnforcementLevel_DISABLED, nil
	default:
		return 0, fmt.Errorf("invalid enforcement level %q: use advisory, mandatory or disabled", name)
	}
}

// propertyPath parses a path such as "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm".
func propertyPath(path string) resource.PropertyPath {
	parsed, err := resource.ParsePropertyPath(path)
	if err != nil {
		panic(fmt.Sprintf("invalid property path %q: %v", path, err))
	}
	return parsed
}
