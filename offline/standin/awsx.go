package standin

import (
	"context"
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

const (
	// AWSXPackage is the package name of the awsx provider.
	AWSXPackage = "awsx"
	// AWSXVersion is the version the awsx stand-in reports, the pulumi-awsx version the product pins.
	AWSXVersion = "2.22.0"
)

// AWSXProvider is the stand-in for the awsx provider. It constructs awsx:ec2:Vpc components; every other
// awsx component and function fails with an error that names it. It is safe for concurrent use.
type AWSXProvider struct {
	pulumirpc.UnimplementedResourceProviderServer

	mu   sync.RWMutex
	host *provider.HostClient
}

// NewAWSXProvider returns an awsx stand-in that registers component children through the engine behind
// host. host may be nil when the engine attaches later (Attach).
func NewAWSXProvider(host *provider.HostClient) *AWSXProvider {
	return &AWSXProvider{host: host}
}

// GetPluginInfo reports the pulumi-awsx version, so the engine matches this plugin to the program's
// requests for awsx 2.22.0.
func (p *AWSXProvider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: AWSXVersion}, nil
}

// GetSchema returns a minimal schema that names the package.
func (p *AWSXProvider) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return minimalSchema(AWSXPackage, AWSXVersion)
}

// CheckConfig accepts the provider configuration as it is.
func (p *AWSXProvider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig reports no change.
func (p *AWSXProvider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

// Configure accepts any configuration. Construct inputs may then arrive as output values with their
// dependencies.
func (p *AWSXProvider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{
		AcceptSecrets:   true,
		AcceptResources: true,
		AcceptOutputs:   true,
		SupportsPreview: true,
	}, nil
}

// Construct builds an awsx:ec2:Vpc and its children through the engine.
func (p *AWSXProvider) Construct(ctx context.Context, req *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	if req.GetType() != VpcType {
		return nil, status.Errorf(codes.Unimplemented,
			"constructing %s %q: the stand-in awsx provider models only %s", req.GetType(), req.GetName(), VpcType)
	}
	conn, err := p.engineConn()
	if err != nil {
		return nil, fmt.Errorf("constructing %s %q: %w", req.GetType(), req.GetName(), err)
	}

	inputs, err := plugin.UnmarshalProperties(req.GetInputs(), plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	})
	if err != nil {
		return nil, fmt.Errorf("constructing %s %q: reading inputs: %w", req.GetType(), req.GetName(), err)
	}
	args, err := readVpcArgs(inputs)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "constructing %s %q: %v", req.GetType(), req.GetName(), err)
	}

	return provider.Construct(ctx, req, conn, func(pctx *pulumi.Context, _, name string, _ provider.ConstructInputs,
		options pulumi.ResourceOption,
	) (*provider.ConstructResult, error) {
		return constructVpc(pctx, name, args, options)
	})
}

// engineConn returns the connection to the engine, which Construct registers children through.
func (p *AWSXProvider) engineConn() (*grpc.ClientConn, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.host == nil {
		return nil, fmt.Errorf("the provider is not connected to an engine")
	}
	return p.host.EngineConn(), nil
}

// Attach connects the provider to an engine, for a provider started on its own for debugging.
func (p *AWSXProvider) Attach(_ context.Context, req *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	host, err := provider.NewHostClient(req.GetAddress())
	if err != nil {
		return nil, fmt.Errorf("attaching to the engine at %s: %w", req.GetAddress(), err)
	}
	p.mu.Lock()
	p.host = host
	p.mu.Unlock()
	return &emptypb.Empty{}, nil
}

// Invoke fails, because the stand-in models no awsx functions.
func (p *AWSXProvider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "invoking %s: not modeled by the stand-in awsx provider", req.GetTok())
}

// Call fails, because the stand-in models no awsx resource methods.
func (p *AWSXProvider) Call(_ context.Context, req *pulumirpc.CallRequest) (*pulumirpc.CallResponse, error) {
	return nil, status.Errorf(codes.Unimplemented,
		"calling %s: resource methods are not supported by the stand-in awsx provider", req.GetTok())
}

// Check fails, because awsx has only component resources, which the engine constructs and never checks.
func (p *AWSXProvider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return nil, noCustomResources("checking", req.GetUrn())
}

// Diff fails, because awsx has only component resources.
func (p *AWSXProvider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return nil, noCustomResources("diffing", req.GetUrn())
}

// Create fails, because awsx has only component resources.
func (p *AWSXProvider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	return nil, noCustomResources("creating", req.GetUrn())
}

// Update fails, because awsx has only component resources.
func (p *AWSXProvider) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	return nil, noCustomResources("updating", req.GetUrn())
}

// Read fails, because awsx has only component resources.
func (p *AWSXProvider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return nil, noCustomResources("reading", req.GetUrn())
}

// Delete succeeds without doing anything: components have no cloud state, and their children are deleted
// through the aws provider.
func (p *AWSXProvider) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Cancel succeeds, because the stand-in has no long-running operations to stop.
func (p *AWSXProvider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// GetMapping returns no mapping, because the stand-in converts no Terraform programs.
func (p *AWSXProvider) GetMapping(context.Context, *pulumirpc.GetMappingRequest) (*pulumirpc.GetMappingResponse, error) {
	return &pulumirpc.GetMappingResponse{}, nil
}

// noCustomResources returns the error for a custom-resource operation sent to the awsx stand-in.
func noCustomResources(action, urn string) error {
	return status.Errorf(codes.Unimplemented,
		"%s %s: the stand-in awsx provider has no custom resources; awsx components are constructed", action, urn)
}
