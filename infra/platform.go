// Package infra holds the platform's Pulumi components. Each component is a ComponentResource with
// secure defaults, created by NewX(ctx, name, args, opts...) and parenting every resource it creates.
package infra

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PlatformType is the type token of the top-level component.
const PlatformType = "secureserverless:index:Platform"

// PlatformArgs configures the whole platform.
type PlatformArgs struct {
	// NamePrefix starts the physical name of every named resource, such as "secure-serverless-dev".
	NamePrefix string
	// SourceDir is the absolute path of the Go module that holds the functions.
	SourceDir string
	// Network configures the VPC the functions run in. NamePrefix is set from the platform's.
	Network NetworkArgs
	// UserFiles configures the user-files bucket.
	UserFiles UserFilesBucketArgs
	// Functions holds the settings every function shares; FunctionName, Package, Statements and Vpc
	// are set per function.
	Functions GoFunctionArgs
}

// Platform composes the network, the user-files bucket and the API functions.
type Platform struct {
	pulumi.ResourceState

	Network    *Network
	UserFiles  *UserFilesBucket
	MeFunction *GoFunction
}

// NewPlatform creates every component of the platform under one parent.
func NewPlatform(ctx *pulumi.Context, name string, args PlatformArgs, opts ...pulumi.ResourceOption,
) (*Platform, error) {
	if args.NamePrefix == "" {
		return nil, fmt.Errorf("platform %q: NamePrefix is empty; set it to <project>-<stack>", name)
	}

	component := &Platform{}
	if err := ctx.RegisterComponentResource(PlatformType, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering platform %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	networkArgs := args.Network
	networkArgs.NamePrefix = args.NamePrefix
	network, err := NewNetwork(ctx, name+"-network", networkArgs, parent)
	if err != nil {
		return nil, err
	}

	userFiles, err := NewUserFilesBucket(ctx, name+"-user-files", args.UserFiles, parent)
	if err != nil {
		return nil, err
	}

	account, err := lookupAccount(ctx, component)
	if err != nil {
		return nil, fmt.Errorf("platform %q: %w", name, err)
	}
	logsKey, err := newFunctionLogsKey(ctx, name, account, args.NamePrefix, args.Network.KMSKeyDeletionWindowDays, parent)
	if err != nil {
		return nil, err
	}

	meArgs := args.Functions
	meArgs.LogsKeyArn = logsKey.Arn
	meArgs.FunctionName = args.NamePrefix + "-me"
	meArgs.Description = "GET /me: returns the caller's subject and groups from the authorizer claims."
	meArgs.SourceDir = args.SourceDir
	meArgs.Package = "./functions/me"
	meArgs.Statements = nil
	meArgs.Vpc = network.FunctionVpcConfig()
	me, err := NewGoFunction(ctx, name+"-me", meArgs, parent)
	if err != nil {
		return nil, err
	}

	component.Network = network
	component.UserFiles = userFiles
	component.MeFunction = me
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"vpcId":               network.VpcId,
		"userFilesBucketName": userFiles.BucketName,
		"meFunctionName":      me.FunctionName,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of platform %q: %w", name, err)
	}
	return component, nil
}
