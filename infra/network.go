package infra

import (
	"errors"
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NetworkType is the type token of the network component.
const NetworkType = "secureserverless:network:Network"

// NAT gateway modes of NetworkArgs.NatGateways.
const (
	// NatGatewaysNone gives the functions no route to the internet: they reach AWS through the VPC
	// endpoints only.
	NatGatewaysNone = "none"
	// NatGatewaysSingle routes every zone through one NAT gateway, which is cheaper but fails with its zone.
	NatGatewaysSingle = "single"
	// NatGatewaysPerZone gives every zone a NAT gateway of its own.
	NatGatewaysPerZone = "per-zone"
)

// NatGatewayModes lists the accepted values of NetworkArgs.NatGateways.
var NatGatewayModes = []string{NatGatewaysNone, NatGatewaysSingle, NatGatewaysPerZone}

// Defaults of NetworkArgs; a zero field means the default.
const (
	// DefaultVpcCidrBlock is the IPv4 block of the VPC.
	DefaultVpcCidrBlock = "10.0.0.0/16"
	// DefaultAvailabilityZoneCount is the number of availability zones that get a function subnet.
	DefaultAvailabilityZoneCount = 2
	// DefaultNatGateways is the NAT gateway mode: none, so nothing in the VPC reaches the internet.
	DefaultNatGateways = NatGatewaysNone
	// DefaultFlowLogRetentionDays is how long CloudWatch Logs keeps the VPC flow logs.
	DefaultFlowLogRetentionDays = 90
)

// Limits of NetworkArgs. The subnet layout needs them: with a /24 block and four zones, the NAT subnets
// are /28, the smallest subnet AWS allows.
const (
	MinAvailabilityZoneCount = 2
	MaxAvailabilityZoneCount = 4
	MinVpcPrefixLength       = 16
	MaxVpcPrefixLength       = 24
)

// DefaultInterfaceEndpointServices are the AWS services that get an interface endpoint in every network:
// the ones the functions call through the AWS SDK, Parameter Store ("ssm") and Secrets Manager for
// their settings among them. S3 always gets a gateway endpoint besides these.
var DefaultInterfaceEndpointServices = []string{"sts", "kms", "logs", "secretsmanager", "ssm"}

// Names of the subnet specs. The names are part of the subnet names, so they never change.
const (
	functionSubnetName = "private"
	natSubnetName      = "nat"
)

// NetworkArgs configures the network the functions run in.
type NetworkArgs struct {
	// NamePrefix starts the physical names, such as the flow log group "/vpc-flow-logs/<NamePrefix>".
	NamePrefix string
	// CidrBlock is the private IPv4 block of the VPC, from /16 to /24. Defaults to DefaultVpcCidrBlock.
	CidrBlock string
	// AvailabilityZoneCount is the number of zones with a function subnet, 2 to 4. Defaults to
	// DefaultAvailabilityZoneCount.
	AvailabilityZoneCount int
	// NatGateways is one of NatGatewayModes. Defaults to DefaultNatGateways.
	NatGateways string
	// FlowLogRetentionDays is a CloudWatch Logs retention period. Defaults to DefaultFlowLogRetentionDays.
	FlowLogRetentionDays int
	// KMSKeyDeletionWindowDays is the waiting period, 7 to 30 days, before the flow log key is deleted.
	// Defaults to DefaultKMSKeyDeletionWindowDays.
	KMSKeyDeletionWindowDays int
	// ExtraInterfaceEndpointServices are services, such as "sqs" or "ssm", that get an interface endpoint
	// in addition to DefaultInterfaceEndpointServices.
	ExtraInterfaceEndpointServices []string
	// S3ExternalAccountIDs are accounts whose buckets the functions may reach through the S3 endpoint,
	// besides the stack's own account.
	S3ExternalAccountIDs []string
	// Protect keeps the flow log group and its key when the stack or the component is deleted.
	Protect bool
}

// Network is a VPC for the functions, with private subnets in several zones and no NAT gateway unless
// one is requested. VPC endpoints serve S3 and the AWS services the functions call, and security groups
// allow only HTTPS from the functions to those endpoints. The default security group is emptied, and
// encrypted flow logs record the traffic.
type Network struct {
	pulumi.ResourceState

	Vpc                   *awsxec2.Vpc
	FunctionSecurityGroup *ec2.SecurityGroup
	EndpointSecurityGroup *ec2.SecurityGroup
	S3Endpoint            *ec2.VpcEndpoint
	// InterfaceEndpoints are keyed by service, such as "sts".
	InterfaceEndpoints map[string]*ec2.VpcEndpoint
	FlowLogGroup       *cloudwatch.LogGroup

	VpcId                   pulumi.StringOutput      `pulumi:"vpcId"`
	PrivateSubnetIds        pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	FunctionSecurityGroupId pulumi.StringOutput      `pulumi:"functionSecurityGroupId"`
	FlowLogGroupName        pulumi.StringOutput      `pulumi:"flowLogGroupName"`

	// functionDependencies are the resources a function's traffic needs before the function may start.
	functionDependencies []pulumi.Resource
}

// NewNetwork creates the VPC with awsx, then the security groups, the VPC endpoints and the flow logs.
func NewNetwork(ctx *pulumi.Context, name string, args NetworkArgs, opts ...pulumi.ResourceOption,
) (*Network, error) {
	args, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}
	layout, err := planNetworkLayout(args)
	if err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}

	component := &Network{}
	self, err := registerComponent(ctx, NetworkType, name, component, opts...)
	if err != nil {
		return nil, fmt.Errorf("registering network %q: %w", name, err)
	}
	parent := pulumi.Parent(self)

	account, err := lookupAccount(ctx, self)
	if err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}

	vpc, err := awsxec2.NewVpc(ctx, name, layout.vpcArgs(), parent)
	if err != nil {
		return nil, fmt.Errorf("creating VPC of network %q: %w", name, err)
	}
	component.Vpc = vpc

	groups, err := newNetworkSecurityGroups(ctx, name, vpc, parent)
	if err != nil {
		return nil, err
	}
	component.FunctionSecurityGroup = groups.functions
	component.EndpointSecurityGroup = groups.endpoints

	endpoints, err := newNetworkEndpoints(ctx, name, account, args, vpc, groups.endpoints, parent)
	if err != nil {
		return nil, err
	}
	component.S3Endpoint = endpoints.s3
	component.InterfaceEndpoints = endpoints.interfaces

	rules, err := newFunctionEgressRules(ctx, name, args.NatGateways != NatGatewaysNone, groups, endpoints.s3, parent)
	if err != nil {
		return nil, err
	}

	flowLogGroup, err := newFlowLogs(ctx, name, account, args, vpc, parent)
	if err != nil {
		return nil, err
	}
	component.FlowLogGroup = flowLogGroup

	component.functionDependencies = append(endpoints.all(), rules...)
	component.VpcId = vpc.VpcId
	component.PrivateSubnetIds = vpc.PrivateSubnetIds
	component.FunctionSecurityGroupId = groups.functions.ID().ToStringOutput()
	component.FlowLogGroupName = flowLogGroup.Name
	if err := registerOutputs(ctx, self, component, pulumi.Map{
		"vpcId":                   vpc.VpcId,
		"privateSubnetIds":        vpc.PrivateSubnetIds,
		"functionSecurityGroupId": component.FunctionSecurityGroupId,
		"flowLogGroupName":        flowLogGroup.Name,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of network %q: %w", name, err)
	}
	return component, nil
}

// FunctionVpcConfig returns the settings that place a GoFunction in the network's function subnets, in
// the function security group, after the endpoints and egress rules its AWS SDK calls need.
func (n *Network) FunctionVpcConfig() *FunctionVpcConfig {
	return &FunctionVpcConfig{
		SubnetIds:        n.PrivateSubnetIds,
		SecurityGroupIds: pulumi.StringArray{n.FunctionSecurityGroupId},
		DependsOn:        slices.Clone(n.functionDependencies),
	}
}

// withDefaults fills the defaults and validates the arguments.
func (args NetworkArgs) withDefaults(name string) (NetworkArgs, error) {
	if args.CidrBlock == "" {
		args.CidrBlock = DefaultVpcCidrBlock
	}
	if args.AvailabilityZoneCount == 0 {
		args.AvailabilityZoneCount = DefaultAvailabilityZoneCount
	}
	if args.NatGateways == "" {
		args.NatGateways = DefaultNatGateways
	}
	if args.FlowLogRetentionDays == 0 {
		args.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	if args.KMSKeyDeletionWindowDays == 0 {
		args.KMSKeyDeletionWindowDays = DefaultKMSKeyDeletionWindowDays
	}

	var errs []error
	if args.NamePrefix == "" {
		errs = append(errs, errors.New("NamePrefix is empty; set it to <project>-<stack>"))
	}
	if err := ValidateVpcCidrBlock(args.CidrBlock); err != nil {
		errs = append(errs, err)
	}
	if args.AvailabilityZoneCount < MinAvailabilityZoneCount || args.AvailabilityZoneCount > MaxAvailabilityZoneCount {
		errs = append(errs, fmt.Errorf("AvailabilityZoneCount is %d; use %d to %d",
			args.AvailabilityZoneCount, MinAvailabilityZoneCount, MaxAvailabilityZoneCount))
	}
	if !slices.Contains(NatGatewayModes, args.NatGateways) {
		errs = append(errs, fmt.Errorf("NatGateways %q is invalid; use one of %s",
			args.NatGateways, strings.Join(NatGatewayModes, ", ")))
	}
	if !validRetentionDays(args.FlowLogRetentionDays) {
		errs = append(errs, fmt.Errorf("FlowLogRetentionDays is %d, which CloudWatch Logs does not accept; use one of %v",
			args.FlowLogRetentionDays, CloudWatchRetentionDays))
	}
	if args.KMSKeyDeletionWindowDays < 7 || args.KMSKeyDeletionWindowDays > 30 {
		errs = append(errs, fmt.Errorf("KMSKeyDeletionWindowDays is %d; use 7 to 30", args.KMSKeyDeletionWindowDays))
	}
	for _, service := range args.ExtraInterfaceEndpointServices {
		if service == "s3" || !validEndpointService(service) {
			errs = append(errs, fmt.Errorf("ExtraInterfaceEndpointServices has %q; use a service name such as "+
				"\"sqs\" or \"ecr.api\" (S3 always has a gateway endpoint)", service))
		}
	}
	for _, account := range args.S3ExternalAccountIDs {
		if len(account) != 12 || strings.Trim(account, "0123456789") != "" {
			errs = append(errs, fmt.Errorf("S3ExternalAccountIDs has %q; use 12-digit account ids", account))
		}
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("network %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// validEndpointService reports whether service looks like the last part of a VPC endpoint service
// name: lowercase letters, digits, dots and hyphens.
func validEndpointService(service string) bool {
	if service == "" {
		return false
	}
	return strings.Trim(service, "abcdefghijklmnopqrstuvwxyz0123456789.-") == ""
}

// ValidateVpcCidrBlock checks that text is a private IPv4 network address with a prefix length from
// MinVpcPrefixLength to MaxVpcPrefixLength, such as DefaultVpcCidrBlock.
func ValidateVpcCidrBlock(text string) error {
	_, err := parseVpcCidrBlock(text)
	return err
}

// parseVpcCidrBlock parses a VPC block and checks that it is a private IPv4 network address with a
// prefix length from MinVpcPrefixLength to MaxVpcPrefixLength.
func parseVpcCidrBlock(text string) (netip.Prefix, error) {
	prefix, err := netip.ParsePrefix(text)
	switch {
	case err != nil:
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q is not a CIDR block; use an IPv4 block such as %s", text, DefaultVpcCidrBlock)
	case !prefix.Addr().Is4():
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q is not IPv4; use an IPv4 block such as %s", text, DefaultVpcCidrBlock)
	case prefix.Masked() != prefix:
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q has host bits set; use the network address %s", text, prefix.Masked())
	case !prefix.Addr().IsPrivate():
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q is not a private range; use a block inside 10.0.0.0/8, "+
			"172.16.0.0/12 or 192.168.0.0/16", text)
	case prefix.Bits() < MinVpcPrefixLength || prefix.Bits() > MaxVpcPrefixLength:
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q has prefix length /%d; use /%d to /%d",
			text, prefix.Bits(), MinVpcPrefixLength, MaxVpcPrefixLength)
	}
	return prefix, nil
}

// networkLayout is the subnet plan of a network.
//
// Each zone gets an equal share of the VPC block. The first half of a zone's share is the function
// subnet and the third quarter is the NAT subnet, which exists only while NAT gateways are on. The
// masks are explicit and the function subnets come first, so turning NAT on or off adds or removes
// the NAT subnets and leaves the function subnets as they are: Lambda network interfaces make a
// replaced subnet slow to delete.
type networkLayout struct {
	cidrBlock   string
	zoneCount   int
	zoneMask    int
	natGateways string
}

// planNetworkLayout returns the layout of validated arguments.
func planNetworkLayout(args NetworkArgs) (networkLayout, error) {
	prefix, err := parseVpcCidrBlock(args.CidrBlock)
	if err != nil {
		return networkLayout{}, err
	}
	zoneBits := bits.Len(uint(args.AvailabilityZoneCount - 1))
	return networkLayout{
		cidrBlock:   prefix.String(),
		zoneCount:   args.AvailabilityZoneCount,
		zoneMask:    prefix.Bits() + zoneBits,
		natGateways: args.NatGateways,
	}, nil
}

// functionSubnetMask is the prefix length of the function subnets.
func (l networkLayout) functionSubnetMask() int { return l.zoneMask + 1 }

// natSubnetMask is the prefix length of the NAT subnets.
func (l networkLayout) natSubnetMask() int { return l.zoneMask + 2 }

// vpcArgs returns the awsx arguments of the layout.
func (l networkLayout) vpcArgs() *awsxec2.VpcArgs {
	functionMask, natMask := l.functionSubnetMask(), l.natSubnetMask()
	zoneMask := l.zoneMask
	zoneCount := l.zoneCount
	strategy := awsxec2.SubnetAllocationStrategyAuto
	specs := []awsxec2.SubnetSpecArgs{{
		Type:     awsxec2.SubnetTypePrivate,
		Name:     pulumi.StringRef(functionSubnetName),
		CidrMask: &functionMask,
	}}
	natStrategy := awsxec2.NatGatewayStrategyNone
	switch l.natGateways {
	case NatGatewaysSingle:
		natStrategy = awsxec2.NatGatewayStrategySingle
	case NatGatewaysPerZone:
		natStrategy = awsxec2.NatGatewayStrategyOnePerAz
	}
	if natStrategy != awsxec2.NatGatewayStrategyNone {
		specs = append(specs, awsxec2.SubnetSpecArgs{
			Type:     awsxec2.SubnetTypePublic,
			Name:     pulumi.StringRef(natSubnetName),
			CidrMask: &natMask,
		})
	}
	return &awsxec2.VpcArgs{
		CidrBlock:                 pulumi.StringRef(l.cidrBlock),
		NumberOfAvailabilityZones: &zoneCount,
		AvailabilityZoneCidrMask:  &zoneMask,
		SubnetStrategy:            &strategy,
		SubnetSpecs:               specs,
		NatGateways:               &awsxec2.NatGatewayConfigurationArgs{Strategy: natStrategy},
		// Private DNS names of interface endpoints need both.
		EnableDnsHostnames: pulumi.Bool(true),
		EnableDnsSupport:   pulumi.Bool(true),
	}
}
