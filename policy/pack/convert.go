package pack

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// unmarshalOptions keep unknown, secret and output values as the engine sends them, so that a
// policy can tell an unknown value from a missing one and never prints a secret.
func unmarshalOptions(label string) plugin.MarshalOptions {
	return plugin.MarshalOptions{
		Label:            label,
		KeepUnknowns:     true,
		KeepSecrets:      true,
		KeepResources:    true,
		KeepOutputValues: true,
	}
}

// unmarshalProperties converts properties from the wire.
func unmarshalProperties(properties *structpb.Struct, label string) (property.Map, error) {
	decoded, err := plugin.UnmarshalProperties(properties, unmarshalOptions(label))
	if err != nil {
		return property.Map{}, err
	}
	return resource.FromResourcePropertyMap(decoded), nil
}

// resourceFromAnalyzeRequest converts the resource of an Analyze call.
func resourceFromAnalyzeRequest(request *pulumirpc.AnalyzeRequest) (Resource, error) {
	properties, err := unmarshalProperties(request.GetProperties(), "analyze")
	if err != nil {
		return Resource{}, fmt.Errorf("decoding properties of %s: %w", request.GetUrn(), err)
	}
	provider, err := providerFromProto(request.GetProvider())
	if err != nil {
		return Resource{}, fmt.Errorf("decoding provider of %s: %w", request.GetUrn(), err)
	}
	return Resource{
		Type:       request.GetType(),
		URN:        request.GetUrn(),
		Name:       request.GetName(),
		Properties: properties,
		Parent:     request.GetOptions().GetParent(),
		Provider:   provider,
		Protect:    request.GetOptions().GetProtect(),
	}, nil
}

// resourceFromStackResource converts one resource of an AnalyzeStack call.
func resourceFromStackResource(r *pulumirpc.AnalyzerResource) (Resource, error) {
	properties, err := unmarshalProperties(r.GetProperties(), "analyzeStack")
	if err != nil {
		return Resource{}, fmt.Errorf("decoding properties of %s: %w", r.GetUrn(), err)
	}
	provider, err := providerFromProto(r.GetProvider())
	if err != nil {
		return Resource{}, fmt.Errorf("decoding provider of %s: %w", r.GetUrn(), err)
	}
	dependencies := map[string][]string{}
	for name, urns := range r.GetPropertyDependencies() {
		if len(urns.GetUrns()) > 0 {
			dependencies[name] = urns.GetUrns()
		}
	}
	return Resource{
		Type:                 r.GetType(),
		URN:                  r.GetUrn(),
		Name:                 r.GetName(),
		Properties:           properties,
		Parent:               r.GetParent(),
		Provider:             provider,
		Protect:              r.GetOptions().GetProtect(),
		Dependencies:         r.GetDependencies(),
		PropertyDependencies: dependencies,
	}, nil
}

func providerFromProto(provider *pulumirpc.AnalyzerProviderResource) (*ProviderResource, error) {
	if provider == nil {
		return nil, nil
	}
	properties, err := unmarshalProperties(provider.GetProperties(), "provider")
	if err != nil {
		return nil, err
	}
	return &ProviderResource{
		Type:       provider.GetType(),
		URN:        provider.GetUrn(),
		Name:       provider.GetName(),
		Properties: properties,
	}, nil
}

// numbersToFloat replaces every json.Number in a decoded JSON tree with a float64, the only number
// type that structpb accepts.
func numbersToFloat(value any) any {
	switch value := value.(type) {
	case json.Number:
		f, err := value.Float64()
		if err != nil {
			return value.String()
		}
		return f
	case map[string]any:
		for key, element := range value {
			value[key] = numbersToFloat(element)
		}
		return value
	case []any:
		for i, element := range value {
			value[i] = numbersToFloat(element)
		}
		return value
	default:
		return value
	}
}
