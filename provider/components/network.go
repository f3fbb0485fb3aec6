package components

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secureserverless/framework/infra"
)

// Network is the VPC of the functions: private subnets, VPC endpoints, security groups and encrypted
// flow logs.
type Network struct {
	pulumi.ResourceState

	VpcId                   pulumi.StringOutput      `pulumi:"vpcId"`
	PrivateSubnetIds        pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	FunctionSecurityGroupId pulumi.StringOutput      `pulumi:"functionSecurityGroupId"`
	FlowLogGroupName        pulumi.StringOutput      `pulumi:"flowLogGroupName"`
}

// NetworkArgs are the inputs of the Network.
type NetworkArgs struct {
	NamePrefix                     string   `pulumi:"namePrefix"`
	CidrBlock                      string   `pulumi:"cidrBlock,optional"`
	AvailabilityZoneCount          int      `pulumi:"availabilityZoneCount,optional"`
	NatGateways                    string   `pulumi:"natGateways,optional"`
	FlowLogRetentionDays           int      `pulumi:"flowLogRetentionDays,optional"`
	KmsKeyDeletionWindowDays       int      `pulumi:"kmsKeyDeletionWindowDays,optional"`
	ExtraInterfaceEndpointServices []string `pulumi:"extraInterfaceEndpointServices,optional"`
	S3ExternalAccountIds           []string `pulumi:"s3ExternalAccountIds,optional"`
	Protect                        bool     `pulumi:"protect,optional"`
}

// networkFields maps the fields of infra.NetworkArgs to the input names.
var networkFields = map[string]string{
	"NamePrefix": "namePrefix", "CidrBlock": "cidrBlock", "AvailabilityZoneCount": "availabilityZoneCount",
	"NatGateways": "natGateways", "FlowLogRetentionDays": "flowLogRetentionDays",
	"KMSKeyDeletionWindowDays":       "kmsKeyDeletionWindowDays",
	"ExtraInterfaceEndpointServices": "extraInterfaceEndpointServices",
	"S3ExternalAccountIDs":           "s3ExternalAccountIds", "Protect": "protect",
}

// Annotate sets the descriptions and defaults of the inputs.
func (args *NetworkArgs) Annotate(a infer.Annotator) {
	a.Describe(&args.NamePrefix, "Start of the physical names, such as the flow log group /vpc-flow-logs/<namePrefix>.")
	a.Describe(&args.CidrBlock, "Private IPv4 block of the VPC, a network address from /16 to /24 inside 10.0.0.0/8, "+
		"172.16.0.0/12 or 192.168.0.0/16. Changing it replaces the VPC and every subnet.")
	a.SetDefault(&args.CidrBlock, infra.DefaultVpcCidrBlock)
	a.Describe(&args.AvailabilityZoneCount, "Availability zones with a function subnet, from 2 to 4.")
	a.SetDefault(&args.AvailabilityZoneCount, infra.DefaultAvailabilityZoneCount)
	a.Describe(&args.NatGateways, "NAT gateways for internet egress of the functions: none (AWS services only, "+
		"through the VPC endpoints), single or per-zone.")
	a.SetDefault(&args.NatGateways, infra.DefaultNatGateways)
	a.Describe(&args.FlowLogRetentionDays, "Days that CloudWatch Logs keeps the flow logs, a retention period "+
		"CloudWatch accepts.")
	a.SetDefault(&args.FlowLogRetentionDays, infra.DefaultFlowLogRetentionDays)
	a.Describe(&args.KmsKeyDeletionWindowDays, "Waiting period in days, 7 to 30, before a scheduled deletion of "+
		"the flow log key takes effect.")
	a.SetDefault(&args.KmsKeyDeletionWindowDays, infra.DefaultKMSKeyDeletionWindowDays)
	a.Describe(&args.ExtraInterfaceEndpointServices, "Services, such as sqs or ssm, that get an interface endpoint "+
		"besides sts, kms, logs, secretsmanager and ssm. Empty adds none.")
	a.Describe(&args.S3ExternalAccountIds, "12-digit ids of accounts whose buckets the functions may reach through "+
		"the S3 endpoint, besides the stack's own account. Empty allows the own account only.")
	a.Describe(&args.Protect, "Keep the flow log group and its key when the stack or the component is deleted.")
	a.SetDefault(&args.Protect, false)
}

// Annotate sets the Network's token and the descriptions of its outputs.
func (n *Network) Annotate(a infer.Annotator) {
	setToken(a, infra.NetworkType)
	a.Describe(n, "The VPC that the functions run in: private subnets without internet routes unless NAT is on, "+
		"VPC endpoints for the AWS services, security groups that allow only HTTPS to them, and KMS-encrypted "+
		"flow logs.")
	a.Describe(&n.VpcId, "Id of the VPC.")
	a.Describe(&n.PrivateSubnetIds, "Ids of the private subnets of the functions, one per availability zone.")
	a.Describe(&n.FunctionSecurityGroupId, "Id of the security group for the functions' network interfaces.")
	a.Describe(&n.FlowLogGroupName, "CloudWatch Logs group of the VPC flow logs.")
}

// NewNetwork registers the Network and builds infra's network into it.
func NewNetwork(ctx *pulumi.Context, name string, args NetworkArgs, opts ...pulumi.ResourceOption,
) (*Network, error) {
	component := &Network{}
	if err := ctx.RegisterComponentResource(infra.NetworkType, name, component, opts...); err != nil {
		return nil, err
	}
	network, err := infra.BuildNetwork(ctx, name, infra.NetworkArgs{
		NamePrefix:                     args.NamePrefix,
		CidrBlock:                      args.CidrBlock,
		AvailabilityZoneCount:          args.AvailabilityZoneCount,
		NatGateways:                    args.NatGateways,
		FlowLogRetentionDays:           args.FlowLogRetentionDays,
		KMSKeyDeletionWindowDays:       args.KmsKeyDeletionWindowDays,
		ExtraInterfaceEndpointServices: args.ExtraInterfaceEndpointServices,
		S3ExternalAccountIDs:           args.S3ExternalAccountIds,
		Protect:                        args.Protect,
	}, component)
	if err != nil {
		return nil, inputError(infra.NetworkType, name, err, networkFields)
	}

	component.VpcId = network.VpcId
	component.PrivateSubnetIds = network.PrivateSubnetIds
	component.FunctionSecurityGroupId = network.FunctionSecurityGroupId
	component.FlowLogGroupName = network.FlowLogGroupName
	return component, nil
}
