package infra

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// networkEndpoints are the VPC endpoints of a network.
type networkEndpoints struct {
	s3 *ec2.VpcEndpoint
	// interfaces are keyed by service, such as "sts".
	interfaces map[string]*ec2.VpcEndpoint
}

// all returns every endpoint, the S3 gateway first and the interfaces in service order.
func (e networkEndpoints) all() []pulumi.Resource {
	resources := []pulumi.Resource{e.s3}
	for _, service := range slices.Sorted(maps.Keys(e.interfaces)) {
		resources = append(resources, e.interfaces[service])
	}
	return resources
}

// newNetworkEndpoints creates the S3 gateway endpoint on the function subnets' route tables and an
// interface endpoint, with private DNS and in the endpoint group, for each service the functions call.
//
// The endpoints are created here and not through the awsx endpoint specs, because those cannot name
// the VPC's own route tables and security groups. An interface endpoint left in the default group
// would be unreachable once that group is emptied.
func newNetworkEndpoints(ctx *pulumi.Context, name string, account awsAccount, args NetworkArgs,
	network *awsxec2.Vpc, endpointGroup *ec2.SecurityGroup, parent pulumi.ResourceOption,
) (networkEndpoints, error) {
	s3, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           network.VpcId,
		ServiceName:     pulumi.String(account.endpointService("s3")),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   functionRouteTableIDs(name, network.RouteTables),
		Policy:          pulumi.String(s3EndpointPolicy(account, args.S3ExternalAccountIDs)),
		Tags:            pulumi.StringMap{"Name": pulumi.String(name + "-s3")},
	}, parent)
	if err != nil {
		return networkEndpoints{}, fmt.Errorf("creating the S3 endpoint of network %q: %w", name, err)
	}

	services := slices.Concat(DefaultInterfaceEndpointServices, args.ExtraInterfaceEndpointServices)
	slices.Sort(services)
	services = slices.Compact(services)

	interfaces := map[string]*ec2.VpcEndpoint{}
	for _, service := range services {
		resourceName := name + "-" + strings.ReplaceAll(service, ".", "-")
		endpoint, err := ec2.NewVpcEndpoint(ctx, resourceName, &ec2.VpcEndpointArgs{
			VpcId:           network.VpcId,
			ServiceName:     pulumi.String(account.endpointService(service)),
			VpcEndpointType: pulumi.String("Interface"),
			// The AWS SDK resolves the service's public host name, which private DNS points at the
			// endpoint. Without it the call goes to the public address, which has no route, and hangs.
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         network.PrivateSubnetIds,
			SecurityGroupIds:  pulumi.StringArray{endpointGroup.ID()},
			Policy:            pulumi.String(interfaceEndpointPolicy(account)),
			Tags:              pulumi.StringMap{"Name": pulumi.String(resourceName)},
		}, parent)
		if err != nil {
			return networkEndpoints{}, fmt.Errorf("creating the %s endpoint of network %q: %w", service, name, err)
		}
		interfaces[service] = endpoint
	}
	return networkEndpoints{s3: s3, interfaces: interfaces}, nil
}

// functionRouteTableIDs returns the ids of the route tables of the function subnets among the VPC's
// route tables.
//
// NOTE: awsx names each route table after its subnet, "<vpc>-<spec name>-<zone number>", and this
// selects them by that name. URNs are known during a preview, so the selection does not wait for the
// ids of route tables that a change adds, such as those of new NAT subnets.
func functionRouteTableIDs(vpcName string, tables ec2.RouteTableArrayOutput) pulumi.StringArrayOutput {
	prefix := vpcName + "-" + functionSubnetName + "-"
	return tables.ApplyT(func(list []*ec2.RouteTable) pulumi.StringArrayOutput {
		urns := make([]any, len(list))
		for i, table := range list {
			urns[i] = table.URN()
		}
		return pulumi.All(urns...).ApplyT(func(values []any) pulumi.StringArrayOutput {
			ids := pulumi.StringArray{}
			for i, value := range values {
				if strings.HasPrefix(resource.URN(value.(pulumi.URN)).Name(), prefix) {
					ids = append(ids, list[i].ID().ToStringOutput())
				}
			}
			return ids.ToStringArrayOutput()
		}).(pulumi.StringArrayOutput)
	}).(pulumi.StringArrayOutput)
}

// s3EndpointPolicy allows requests through the S3 gateway endpoint only to buckets of the stack's account
// and of the external accounts, so stolen credentials cannot copy data to a bucket an attacker owns.
func s3EndpointPolicy(account awsAccount, externalAccounts []string) string {
	accounts := append([]string{account.ID}, externalAccounts...)
	return mustMarshalPolicy([]map[string]any{{
		"Sid":       "OnlyBucketsOfKnownAccounts",
		"Effect":    "Allow",
		"Principal": "*",
		"Action":    "s3:*",
		"Resource":  "*",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:ResourceAccount": accounts}},
	}})
}

// interfaceEndpointPolicy allows requests through an interface endpoint only from principals of the
// stack's account, so credentials of another account cannot use the endpoint.
func interfaceEndpointPolicy(account awsAccount) string {
	return mustMarshalPolicy([]map[string]any{{
		"Sid":       "OnlyPrincipalsOfThisAccount",
		"Effect":    "Allow",
		"Principal": "*",
		"Action":    "*",
		"Resource":  "*",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": account.ID}},
	}})
}
