// Package mutation runs the platform's program under the fake AWS model, flips one security default
// at a time in the resources it registers, and checks that the policy pack reports each weakening.
// Its test prints the mutation score; its benchmark measures the Analyze path of the served pack.
package mutation

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// Project is the Pulumi project name, as in Pulumi.yaml.
const Project = "secure-serverless"

// Resource is one custom resource that the program registered, as the engine would send it to the
// policy pack: inputs for Analyze, outputs and dependencies for AnalyzeStack.
type Resource struct {
	Type    string
	Name    string
	URN     string
	Parent  string
	Inputs  resource.PropertyMap
	Outputs resource.PropertyMap
	// Dependencies are the URNs of the resources this one depends on.
	Dependencies []string
	// PropertyDependencies maps an input property to the URNs its value came from.
	PropertyDependencies map[string][]string
}

// Stack is the resources one run of a program registered, in registration order.
type Stack struct {
	Resources []Resource
}

// Clone returns a deep copy, so that a mutation of the copy leaves the original unchanged.
func (s *Stack) Clone() *Stack {
	clone := &Stack{Resources: make([]Resource, len(s.Resources))}
	for i, r := range s.Resources {
		r.Inputs = copyProperties(r.Inputs)
		r.Outputs = copyProperties(r.Outputs)
		r.Dependencies = append([]string(nil), r.Dependencies...)
		r.PropertyDependencies = maps.Clone(r.PropertyDependencies)
		clone.Resources[i] = r
	}
	return clone
}

// copyProperties returns a deep copy of properties. PropertyMap.Copy copies only the top level, so
// nested objects and arrays would stay shared.
func copyProperties(properties resource.PropertyMap) resource.PropertyMap {
	if properties == nil {
		return nil
	}
	copied := make(resource.PropertyMap, len(properties))
	for key, value := range properties {
		copied[key] = copyValue(value)
	}
	return copied
}

func copyValue(value resource.PropertyValue) resource.PropertyValue {
	switch {
	case value.IsObject():
		return resource.NewProperty(copyProperties(value.ObjectValue()))
	case value.IsArray():
		elements := make([]resource.PropertyValue, len(value.ArrayValue()))
		for i, element := range value.ArrayValue() {
			elements[i] = copyValue(element)
		}
		return resource.NewProperty(elements)
	case value.IsSecret():
		return resource.MakeSecret(copyValue(value.SecretValue().Element))
	case value.IsComputed():
		return resource.MakeComputed(copyValue(value.Input().Element))
	case value.IsOutput():
		output := value.OutputValue()
		output.Element = copyValue(output.Element)
		output.Dependencies = append([]resource.URN(nil), output.Dependencies...)
		return resource.NewProperty(output)
	default:
		return value
	}
}

// recorder wraps the fake AWS mocks and keeps what the mocks do not record: each resource's URN and
// its property dependencies, which stack policies use to join sibling resources.
type recorder struct {
	*fakeaws.Mocks
	stack string

	mu        sync.Mutex
	resources map[string]recorded
}

type recorded struct {
	urn                  string
	propertyDependencies map[string][]string
}

// NewResource records the URN and property dependencies, then lets the fake model create the
// resource.
func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.RegisterRPC != nil {
		parent := args.RegisterRPC.GetParent()
		dependencies := map[string][]string{}
		for name, urns := range args.RegisterRPC.GetPropertyDependencies() {
			dependencies[name] = urns.GetUrns()
		}
		urn := r.urn(parent, args.TypeToken, args.Name)
		r.mu.Lock()
		r.resources[args.TypeToken+"\x00"+args.Name+"\x00"+parent] = recorded{urn: urn, propertyDependencies: dependencies}
		r.mu.Unlock()
	}
	return r.Mocks.NewResource(args)
}

// urn returns the URN that the SDK's mock monitor (sdk/v3 v3.276.0, go/pulumi/mocks.go) gives a
// resource: the parent's type is part of the type unless the parent is the stack.
func (r *recorder) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if parentURN := resource.URN(parent); parentURN.IsValid() && parentURN.QualifiedType() != resource.RootStackType {
		parentType = parentURN.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(r.stack), tokens.PackageName(Project), parentType, tokens.Type(typ), name))
}

// Record runs program under the fake AWS model as stack with the given config (full keys such as
// "secure-serverless:logRetentionDays", values as PULUMI_CONFIG takes them) and returns the custom
// resources it registered. It sets PULUMI_CONFIG for the run, so runs must not overlap.
func Record(program pulumi.RunFunc, stack string, config map[string]string) (*Stack, error) {
	encoded, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	previous, hadPrevious := os.LookupEnv("PULUMI_CONFIG")
	if err := os.Setenv("PULUMI_CONFIG", string(encoded)); err != nil {
		return nil, err
	}
	defer func() {
		if hadPrevious {
			_ = os.Setenv("PULUMI_CONFIG", previous)
		} else {
			_ = os.Unsetenv("PULUMI_CONFIG")
		}
	}()

	mocks := &recorder{Mocks: fakeaws.NewMocks(), stack: stack, resources: map[string]recorded{}}
	if err := pulumi.RunErr(program, pulumi.WithMocks(Project, stack, mocks)); err != nil {
		return nil, fmt.Errorf("running the program as stack %s: %w", stack, err)
	}

	result := &Stack{}
	for _, registered := range mocks.Resources() {
		if !registered.Custom || strings.HasPrefix(registered.Type, "pulumi:providers:") {
			continue
		}
		extra, ok := mocks.resources[registered.Type+"\x00"+registered.Name+"\x00"+registered.Parent]
		if !ok {
			// A resource read by id (a data source such as s3.GetBucketV2) is not registered, and
			// the engine does not send it to the pack.
			continue
		}
		result.Resources = append(result.Resources, Resource{
			Type:                 registered.Type,
			Name:                 registered.Name,
			URN:                  extra.urn,
			Parent:               registered.Parent,
			Inputs:               registered.Inputs,
			Outputs:              registered.Outputs,
			Dependencies:         registered.Dependencies,
			PropertyDependencies: extra.propertyDependencies,
		})
	}
	return result, nil
}

// StackConfig reads a Pulumi.<stack>.yaml file into the form Record takes. Lists and maps become
// JSON, as Pulumi passes structured config; secure (encrypted) values are not supported.
func StackConfig(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading stack settings: %w", err)
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("parsing stack settings %s: %w", path, err)
	}

	config := make(map[string]string, len(file.Config))
	for key, value := range file.Config {
		switch value := value.(type) {
		case string:
			config[key] = value
		case []any, map[string]any:
			encoded, err := json.Marshal(value)
			if err != nil {
				return nil, fmt.Errorf("encoding setting %s of %s: %w", key, path, err)
			}
			config[key] = string(encoded)
		default:
			config[key] = fmt.Sprint(value)
		}
	}
	return config, nil
}
