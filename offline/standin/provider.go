package standin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/secureserverless/framework/offline/fakeaws"
)

const (
	// AWSPackage is the package name of the aws provider.
	AWSPackage = "aws"
	// AWSVersion is the version the aws stand-in reports, the pulumi-aws version the product pins.
	AWSVersion = "6.83.4"
)

// unmarshalOptions keeps unknowns, secrets and resource references, so the model receives values as the
// engine sent them. Assets and archives keep only their hashes when the engine elided their contents.
var unmarshalOptions = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true}

// marshalOptions is unmarshalOptions for values sent back to the engine.
var marshalOptions = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true}

// AWSProvider is the stand-in for the aws resource provider. Configure sets its fake account, and every
// other call computes its response from that account. It is safe for concurrent use.
type AWSProvider struct {
	pulumirpc.UnimplementedResourceProviderServer

	mu    sync.RWMutex
	model fakeaws.Model
}

// NewAWSProvider returns an aws stand-in for the default fake account (fakeaws.DefaultAccountID in
// fakeaws.DefaultRegion) until Configure sets a region.
func NewAWSProvider() *AWSProvider {
	return &AWSProvider{}
}

// Model returns the fake account that the provider computes its responses from.
func (p *AWSProvider) Model() fakeaws.Model {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.model
}

// GetPluginInfo reports the pulumi-aws version, so the engine matches this plugin to the program's
// requests for aws 6.83.4.
func (p *AWSProvider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: AWSVersion}, nil
}

// GetSchema returns a minimal schema that names the package. The engine does not need the full schema to
// run a program. Tools that generate SDKs from the schema do not work with the stand-in.
func (p *AWSProvider) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return minimalSchema(AWSPackage, AWSVersion)
}

// CheckConfig accepts the provider configuration as it is.
func (p *AWSProvider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig reports no change, so a configuration change never replaces the provider and its resources.
func (p *AWSProvider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

// Configure reads the region and default tags of the provider configuration into the fake account.
// The engine sends them both as variables ("aws:region") and as arguments ("region"); the arguments win.
func (p *AWSProvider) Configure(_ context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	args, err := plugin.UnmarshalProperties(req.GetArgs(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("configuring the aws provider: reading arguments: %w", err)
	}

	model := fakeaws.Model{}
	if region := req.GetVariables()["aws:region"]; region != "" {
		model.Region = region
	}
	if region, ok := knownString(args, "region"); ok && region != "" {
		model.Region = region
	}

	tags, err := defaultTags(req.GetVariables()["aws:defaultTags"], args)
	if err != nil {
		return nil, fmt.Errorf("configuring the aws provider: %w", err)
	}
	model.DefaultTags = tags

	p.mu.Lock()
	p.model = model
	p.mu.Unlock()

	return &pulumirpc.ConfigureResponse{
		AcceptSecrets:   true,
		AcceptResources: true,
		SupportsPreview: true,
	}, nil
}

// defaultTags reads the tags of the defaultTags configuration, given as the JSON variable or the argument
// object {"tags": {...}}.
func defaultTags(variable string, args resource.PropertyMap) (map[string]string, error) {
	tags := map[string]string{}
	if variable != "" {
		var parsed struct {
			Tags map[string]string `json:"tags"`
		}
		if err := json.Unmarshal([]byte(variable), &parsed); err != nil {
			return nil, fmt.Errorf("invalid aws:defaultTags %q; use a JSON object such as {\"tags\":{\"team\":\"core\"}}: %w",
				variable, err)
		}
		for k, v := range parsed.Tags {
			tags[k] = v
		}
	}
	if config, ok := knownObject(args, "defaultTags"); ok {
		if configured, ok := knownObject(config, "tags"); ok {
			for k, v := range configured {
				if s, ok := knownStringValue(v); ok {
					tags[string(k)] = s
				}
			}
		}
	}
	if len(tags) == 0 {
		return nil, nil
	}
	return tags, nil
}

// Check applies the provider's autonaming and schema defaults and reports missing required inputs.
func (p *AWSProvider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	urn, typ, err := requestURN(req.GetUrn(), req.GetType())
	if err != nil {
		return nil, err
	}
	olds, err := plugin.UnmarshalProperties(req.GetOlds(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("checking %s: reading old inputs: %w", urn, err)
	}
	news, err := plugin.UnmarshalProperties(req.GetNews(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("checking %s: reading new inputs: %w", urn, err)
	}

	model := p.Model()
	checked := model.Check(typ, urn, olds, news)
	var failures []*pulumirpc.CheckFailure
	for _, key := range model.MissingInputs(typ, checked) {
		failures = append(failures, &pulumirpc.CheckFailure{
			Property: key,
			Reason:   fmt.Sprintf("missing required property %q of %s", key, typ),
		})
	}

	inputs, err := plugin.MarshalProperties(checked, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("checking %s: encoding inputs: %w", urn, err)
	}
	return &pulumirpc.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

// Diff compares the old inputs with the new ones. See diffInputs for the rules.
func (p *AWSProvider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	urn, typ, err := requestURN(req.GetUrn(), req.GetType())
	if err != nil {
		return nil, err
	}
	news, err := plugin.UnmarshalProperties(req.GetNews(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("diffing %s: reading new inputs: %w", urn, err)
	}
	oldInputs, err := p.oldInputs(typ, req.GetOldInputs(), req.GetOlds(), news)
	if err != nil {
		return nil, fmt.Errorf("diffing %s: %w", urn, err)
	}

	return diffInputs(p.Model(), typ, urn, oldInputs, news, req.GetIgnoreChanges())
}

// oldInputs returns the old inputs of a resource. The engine (v3.276.0) sends them with every Diff. When they
// are missing, they are the old outputs without the outputs the model computes, except those that news sets,
// because some outputs, such as an autonamed name, are inputs too.
func (p *AWSProvider) oldInputs(typ string, oldInputs, oldOutputs *structpb.Struct, news resource.PropertyMap,
) (resource.PropertyMap, error) {
	if oldInputs != nil {
		inputs, err := plugin.UnmarshalProperties(oldInputs, unmarshalOptions)
		if err != nil {
			return nil, fmt.Errorf("reading old inputs: %w", err)
		}
		return inputs, nil
	}
	outputs, err := plugin.UnmarshalProperties(oldOutputs, unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("reading old outputs: %w", err)
	}
	for _, key := range p.Model().ComputedOutputs(typ) {
		if _, isInput := news[resource.PropertyKey(key)]; !isInput {
			delete(outputs, resource.PropertyKey(key))
		}
	}
	return outputs, nil
}

// Create returns the id and outputs the model gives a new resource. During a preview the id is empty and
// the computed outputs are unknown.
func (p *AWSProvider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	urn, typ, err := requestURN(req.GetUrn(), req.GetType())
	if err != nil {
		return nil, err
	}
	inputs, err := plugin.UnmarshalProperties(req.GetProperties(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("creating %s: reading inputs: %w", urn, err)
	}

	id, outputs, err := p.Model().Create(typ, urn.Name(), inputs, req.GetPreview())
	if err != nil {
		return nil, err
	}

	properties, err := plugin.MarshalProperties(outputs, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("creating %s: encoding outputs: %w", urn, err)
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: properties}, nil
}

// Update returns the outputs after an in-place update: the new inputs and the old computed outputs.
func (p *AWSProvider) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	urn, typ, err := requestURN(req.GetUrn(), req.GetType())
	if err != nil {
		return nil, err
	}
	olds, err := plugin.UnmarshalProperties(req.GetOlds(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("updating %s: reading old outputs: %w", urn, err)
	}
	news, err := plugin.UnmarshalProperties(req.GetNews(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("updating %s: reading new inputs: %w", urn, err)
	}

	outputs, err := p.Model().Update(typ, req.GetId(), olds, news, req.GetPreview())
	if err != nil {
		return nil, fmt.Errorf("updating %s: %w", urn, err)
	}

	properties, err := plugin.MarshalProperties(outputs, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("updating %s: encoding outputs: %w", urn, err)
	}
	return &pulumirpc.UpdateResponse{Properties: properties}, nil
}

// Read returns the stored state unchanged, so a refresh finds no drift. When the engine sends no state, as
// for an import or a get by id, Read returns the outputs the model gives a resource with that id.
func (p *AWSProvider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	if len(req.GetProperties().GetFields()) > 0 {
		return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
	}

	urn, typ, err := requestURN(req.GetUrn(), req.GetType())
	if err != nil {
		return nil, err
	}
	inputs, err := plugin.UnmarshalProperties(req.GetInputs(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("reading %s: reading inputs: %w", urn, err)
	}
	outputs, err := p.Model().Read(typ, urn.Name(), req.GetId(), inputs)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", urn, err)
	}
	properties, err := plugin.MarshalProperties(outputs, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("reading %s: encoding outputs: %w", urn, err)
	}
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: properties, Inputs: req.GetInputs()}, nil
}

// Delete succeeds without doing anything, because the fake account keeps no state.
func (p *AWSProvider) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Invoke runs a data source call against the model. Tokens that the model does not implement fail with
// codes.Unimplemented and an error that names them. Invalid arguments fail with codes.InvalidArgument.
func (p *AWSProvider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	args, err := plugin.UnmarshalProperties(req.GetArgs(), unmarshalOptions)
	if err != nil {
		return nil, fmt.Errorf("invoking %s: reading arguments: %w", req.GetTok(), err)
	}

	result, err := p.Model().Invoke(req.GetTok(), args)
	switch {
	case errors.Is(err, fakeaws.ErrNotModeled):
		return nil, status.Error(codes.Unimplemented, err.Error())
	case err != nil:
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}

	encoded, err := plugin.MarshalProperties(result, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("invoking %s: encoding result: %w", req.GetTok(), err)
	}
	return &pulumirpc.InvokeResponse{Return: encoded}, nil
}

// Call fails: the aws package has no resource methods the product uses.
func (p *AWSProvider) Call(_ context.Context, req *pulumirpc.CallRequest) (*pulumirpc.CallResponse, error) {
	return nil, status.Errorf(codes.Unimplemented,
		"calling %s: resource methods are not supported by the stand-in aws provider", req.GetTok())
}

// Construct fails: the aws package has no component resources.
func (p *AWSProvider) Construct(_ context.Context, req *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	return nil, status.Errorf(codes.Unimplemented,
		"constructing %s %q: the aws package has no component resources", req.GetType(), req.GetName())
}

// Cancel succeeds, because the stand-in has no long-running operations to stop.
func (p *AWSProvider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// GetMapping returns no mapping, because the stand-in converts no Terraform programs.
func (p *AWSProvider) GetMapping(context.Context, *pulumirpc.GetMappingRequest) (*pulumirpc.GetMappingResponse, error) {
	return &pulumirpc.GetMappingResponse{}, nil
}

// requestURN parses the URN of a request and returns it with the type token, which newer engines also send
// on their own.
func requestURN(rawURN, typ string) (resource.URN, string, error) {
	urn, err := resource.ParseURN(rawURN)
	if err != nil {
		return "", "", status.Errorf(codes.InvalidArgument, "invalid resource URN %q: %v", rawURN, err)
	}
	if typ == "" {
		typ = string(urn.Type())
	}
	return urn, typ, nil
}

// minimalSchema returns a package schema with only the name and version.
func minimalSchema(name, version string) (*pulumirpc.GetSchemaResponse, error) {
	encoded, err := json.Marshal(map[string]string{"name": name, "version": version})
	if err != nil {
		return nil, fmt.Errorf("encoding the %s schema: %w", name, err)
	}
	return &pulumirpc.GetSchemaResponse{Schema: string(encoded)}, nil
}

// knownString returns the string at key when it is known.
func knownString(props resource.PropertyMap, key string) (string, bool) {
	v, has := props[resource.PropertyKey(key)]
	if !has {
		return "", false
	}
	return knownStringValue(v)
}

// knownStringValue returns the string in v, unwrapping secrets and outputs, when it is known.
func knownStringValue(v resource.PropertyValue) (string, bool) {
	v, known := unwrapValue(v)
	if !known || !v.IsString() {
		return "", false
	}
	return v.StringValue(), true
}

// knownObject returns the object at key when it is known.
func knownObject(props resource.PropertyMap, key string) (resource.PropertyMap, bool) {
	v, has := props[resource.PropertyKey(key)]
	if !has {
		return nil, false
	}
	v, known := unwrapValue(v)
	if !known || !v.IsObject() {
		return nil, false
	}
	return v.ObjectValue(), true
}

// unwrapValue removes secret and output wrappers and reports whether the value is known.
func unwrapValue(v resource.PropertyValue) (resource.PropertyValue, bool) {
	for {
		switch {
		case v.IsComputed():
			return v, false
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			out := v.OutputValue()
			if !out.Known {
				return v, false
			}
			v = out.Element
		default:
			return v, true
		}
	}
}

// sortedKeyStrings returns the keys of a property map as sorted strings.
func sortedKeyStrings(props resource.PropertyMap) []string {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	return keys
}
