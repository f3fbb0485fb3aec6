package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// httpsPort is the only port the functions and the VPC endpoints talk on.
const httpsPort = 443

// Descriptions of the security groups. AWS cannot change a group's description in place, so a new text
// replaces the group and every function network interface in it. Keep them fixed.
const (
	functionGroupDescription = "Lambda functions: HTTPS egress to the VPC endpoints and S3 only"
	endpointGroupDescription = "VPC interface endpoints: HTTPS ingress from the Lambda functions only"
)

// networkSecurityGroups are the groups of a network.
type networkSecurityGroups struct {
	functions *ec2.SecurityGroup
	endpoints *ec2.SecurityGroup
}

// newNetworkSecurityGroups empties the VPC's default security group and creates the function and endpoint
// groups with the endpoint group's only ingress rule.
//
// The aws provider removes the allow-all egress rule that AWS adds to every new group, so a group
// allows only the rules created here. The rules are separate resources, each with a description.
// Security groups do not filter DNS queries to the VPC resolver, so the functions need no DNS rule.
func newNetworkSecurityGroups(ctx *pulumi.Context, name string, network *awsxec2.Vpc, parent pulumi.ResourceOption,
) (networkSecurityGroups, error) {
	// With no ingress and egress blocks, the provider removes every rule of the default group, so a
	// resource placed in it by mistake reaches nothing.
	_, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default", &ec2.DefaultSecurityGroupArgs{
		VpcId: network.VpcId,
		Tags:  pulumi.StringMap{"Name": pulumi.String(name + "-default")},
	}, parent)
	if err != nil {
		return networkSecurityGroups{}, fmt.Errorf("managing the default security group of network %q: %w", name, err)
	}

	functions, err := ec2.NewSecurityGroup(ctx, name+"-functions", &ec2.SecurityGroupArgs{
		VpcId:       network.VpcId,
		Description: pulumi.String(functionGroupDescription),
		Tags:        pulumi.StringMap{"Name": pulumi.String(name + "-functions")},
	}, parent)
	if err != nil {
		return networkSecurityGroups{}, fmt.Errorf("creating the function security group of network %q: %w", name, err)
	}

	endpoints, err := ec2.NewSecurityGroup(ctx, name+"-endpoints", &ec2.SecurityGroupArgs{
		VpcId:       network.VpcId,
		Description: pulumi.String(endpointGroupDescription),
		Tags:        pulumi.StringMap{"Name": pulumi.String(name + "-endpoints")},
	}, parent)
	if err != nil {
		return networkSecurityGroups{}, fmt.Errorf("creating the endpoint security group of network %q: %w", name, err)
	}

	_, err = vpc.NewSecurityGroupIngressRule(ctx, name+"-endpoints-from-functions", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           endpoints.ID(),
		Description:               pulumi.String("HTTPS from the Lambda functions"),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(httpsPort),
		ToPort:                    pulumi.Int(httpsPort),
		ReferencedSecurityGroupId: functions.ID(),
	}, parent)
	if err != nil {
		return networkSecurityGroups{}, fmt.Errorf("creating the endpoint ingress rule of network %q: %w", name, err)
	}
	return networkSecurityGroups{functions: functions, endpoints: endpoints}, nil
}

// newFunctionEgressRules creates the egress rules of the function group: HTTPS to the endpoint group and
// to the S3 prefix list, and with NAT gateways HTTPS to the internet. No rule opens other ports.
func newFunctionEgressRules(ctx *pulumi.Context, name string, natGateways bool, groups networkSecurityGroups,
	s3Endpoint *ec2.VpcEndpoint, parent pulumi.ResourceOption,
) ([]pulumi.Resource, error) {
	type egress struct {
		suffix, description string
		args                vpc.SecurityGroupEgressRuleArgs
	}
	rules := []egress{
		{
			suffix:      "functions-to-endpoints",
			description: "HTTPS to the VPC interface endpoints",
			args:        vpc.SecurityGroupEgressRuleArgs{ReferencedSecurityGroupId: groups.endpoints.ID()},
		},
		{
			suffix:      "functions-to-s3",
			description: "HTTPS to S3 through the gateway endpoint",
			args:        vpc.SecurityGroupEgressRuleArgs{PrefixListId: s3Endpoint.PrefixListId},
		},
	}
	if natGateways {
		rules = append(rules, egress{
			suffix:      "functions-to-internet",
			description: "HTTPS to the internet through the NAT gateways",
			args:        vpc.SecurityGroupEgressRuleArgs{CidrIpv4: pulumi.String("0.0.0.0/0")},
		})
	}

	var created []pulumi.Resource
	for _, rule := range rules {
		args := rule.args
		args.SecurityGroupId = groups.functions.ID()
		args.Description = pulumi.String(rule.description)
		args.IpProtocol = pulumi.String("tcp")
		args.FromPort = pulumi.Int(httpsPort)
		args.ToPort = pulumi.Int(httpsPort)
		resource, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-"+rule.suffix, &args, parent)
		if err != nil {
			return nil, fmt.Errorf("creating egress rule %s of network %q: %w", rule.suffix, name, err)
		}
		created = append(created, resource)
	}
	return created, nil
}
