package standin

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// VpcType is the type token of the awsx VPC component.
const VpcType = "awsx:ec2:Vpc"

// Type tokens of the children of an awsx VPC.
const (
	typeVpc                   = "aws:ec2/vpc:Vpc"
	typeSubnet                = "aws:ec2/subnet:Subnet"
	typeRouteTable            = "aws:ec2/routeTable:RouteTable"
	typeRouteTableAssociation = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeRoute                 = "aws:ec2/route:Route"
	typeInternetGateway       = "aws:ec2/internetGateway:InternetGateway"
	typeNatGateway            = "aws:ec2/natGateway:NatGateway"
	typeEip                   = "aws:ec2/eip:Eip"
	typeVpcEndpoint           = "aws:ec2/vpcEndpoint:VpcEndpoint"
)

// vpcComponent is the awsx:ec2:Vpc component resource.
type vpcComponent struct {
	pulumi.ResourceState
}

// awsResource is a child aws resource. Its outputs are read through resource references by the program,
// so the stand-in declares only the one output it uses itself.
type awsResource struct {
	pulumi.CustomResourceState

	// AllocationID is the allocation id of an Elastic IP, used by the NAT gateway in its subnet.
	AllocationID pulumi.StringOutput `pulumi:"allocationId"`
}

// availabilityZones is the part of the getAvailabilityZones result the VPC uses.
type availabilityZones struct {
	Names []string `pulumi:"names"`
}

// vpcBuilder registers the children of one VPC component.
type vpcBuilder struct {
	ctx       *pulumi.Context
	name      string
	args      vpcArgs
	component *vpcComponent
}

// register registers an aws child resource with the aws version the product pins, so one default aws
// provider serves the program and the component.
func (b *vpcBuilder) register(typ, name string, props pulumi.Map, parent pulumi.Resource) (*awsResource, error) {
	res := &awsResource{}
	err := b.ctx.RegisterResource(typ, name, props, res,
		pulumi.Parent(parent), pulumi.DependsOn([]pulumi.Resource{parent}), pulumi.Version(AWSVersion))
	if err != nil {
		return nil, fmt.Errorf("registering %s %q: %w", typ, name, err)
	}
	return res, nil
}

// constructVpc registers an awsx:ec2:Vpc component and the aws:ec2 children that awsx v2.22.0 creates for
// the same arguments. These are the VPC, an internet gateway and the VPC endpoints. Each subnet gets a route
// table, its association and a default route, and the NAT gateway strategy adds Elastic IPs and NAT
// gateways. It returns the component outputs of the Go type awsx/ec2.Vpc.
func constructVpc(ctx *pulumi.Context, name string, args vpcArgs, options ...pulumi.ResourceOption) (*provider.ConstructResult, error) {
	component := &vpcComponent{}
	if err := ctx.RegisterComponentResource(VpcType, name, component, options...); err != nil {
		return nil, fmt.Errorf("registering %s %q: %w", VpcType, name, err)
	}
	b := &vpcBuilder{ctx: ctx, name: name, args: args, component: component}

	regionZones := args.layout.AvailabilityZoneNames
	if len(regionZones) == 0 {
		var zones availabilityZones
		err := ctx.Invoke(fakeaws.TokenGetAvailabilityZones, map[string]any{}, &zones,
			pulumi.Parent(component), pulumi.Version(AWSVersion))
		if err != nil {
			return nil, fmt.Errorf("building VPC %q: listing availability zones: %w", name, err)
		}
		regionZones = zones.Names
	}
	layout, err := planVpcLayout(name, args.layout, regionZones)
	if err != nil {
		return nil, fmt.Errorf("building VPC %q: %w", name, err)
	}

	outputs, err := b.build(layout)
	if err != nil {
		return nil, fmt.Errorf("building VPC %q: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(component, outputs); err != nil {
		return nil, fmt.Errorf("registering the outputs of VPC %q: %w", name, err)
	}
	return &provider.ConstructResult{URN: component.URN(), State: outputs}, nil
}

// build registers the children of the layout and returns the component outputs.
func (b *vpcBuilder) build(layout vpcLayout) (pulumi.Map, error) {
	sharedTags := mergeTags(map[string]string{"Name": b.name}, b.args.tags)

	vpcProps := pulumi.Map{
		"cidrBlock": pulumi.String(layout.CidrBlock),
		"tags":      pulumi.ToStringMap(sharedTags),
	}
	for key, value := range b.args.vpcInputs {
		input, err := propertyToInput(value)
		if err != nil {
			return nil, fmt.Errorf("passing input %q to the VPC: %w", key, err)
		}
		vpcProps[string(key)] = input
	}
	vpc := &awsResource{}
	err := b.ctx.RegisterResource(typeVpc, b.name, vpcProps, vpc, pulumi.Parent(b.component), pulumi.Version(AWSVersion))
	if err != nil {
		return nil, fmt.Errorf("registering %s %q: %w", typeVpc, b.name, err)
	}

	// awsx creates the internet gateway even for VPCs without public subnets, because AWS does not charge
	// for it.
	igw, err := b.register(typeInternetGateway, b.name, pulumi.Map{
		"vpcId": vpc.ID(),
		"tags":  pulumi.ToStringMap(sharedTags),
	}, vpc)
	if err != nil {
		return nil, err
	}

	var endpoints pulumi.ResourceArray
	for _, spec := range b.args.endpoints {
		endpoint, err := b.registerEndpoint(spec, vpc, sharedTags)
		if err != nil {
			return nil, err
		}
		endpoints = append(endpoints, pulumi.NewResourceInput(endpoint))
	}

	children, err := b.buildSubnets(layout, vpc, igw, sharedTags)
	if err != nil {
		return nil, err
	}

	return pulumi.Map{
		"vpc":                    pulumi.NewResourceOutput(vpc),
		"vpcId":                  vpc.ID().ToStringOutput(),
		"internetGateway":        pulumi.NewResourceOutput(igw),
		"subnets":                children.subnets,
		"routeTables":            children.routeTables,
		"routeTableAssociations": children.associations,
		"routes":                 children.routes,
		"natGateways":            children.natGateways,
		"eips":                   children.eips,
		"vpcEndpoints":           nonNilResources(endpoints),
		"publicSubnetIds":        children.publicIDs,
		"privateSubnetIds":       children.privateIDs,
		"isolatedSubnetIds":      children.isolatedIDs,
		"subnetLayout":           subnetLayoutOutput(layout.SubnetLayout),
	}, nil
}

// vpcChildren are the per-subnet children of a VPC, in creation order.
type vpcChildren struct {
	subnets, routeTables, associations, routes, natGateways, eips pulumi.ResourceArray
	publicIDs, privateIDs, isolatedIDs                            pulumi.StringArray
}

// buildSubnets registers each subnet with its route table, the route table association, the NAT gateway
// and Elastic IP that the strategy places there, and the default route. Public subnets route to the
// internet gateway, private ones to a NAT gateway, and isolated ones get no default route.
func (b *vpcBuilder) buildSubnets(layout vpcLayout, vpc, igw *awsResource, sharedTags map[string]string) (vpcChildren, error) {
	children := vpcChildren{
		subnets: pulumi.ResourceArray{}, routeTables: pulumi.ResourceArray{}, associations: pulumi.ResourceArray{},
		routes: pulumi.ResourceArray{}, natGateways: pulumi.ResourceArray{}, eips: pulumi.ResourceArray{},
		publicIDs: pulumi.StringArray{}, privateIDs: pulumi.StringArray{}, isolatedIDs: pulumi.StringArray{},
	}
	var natGateways, eips []*awsResource

	for _, planned := range layout.Subnets {
		typ := strings.ToLower(planned.Type)
		subnetTags := mergeTags(sharedTags, planned.Tags, map[string]string{"Name": planned.Name, "SubnetType": planned.Type})
		subnet, err := b.register(typeSubnet, planned.Name, pulumi.Map{
			"vpcId":               vpc.ID(),
			"availabilityZone":    pulumi.String(planned.AvailabilityZone),
			"mapPublicIpOnLaunch": pulumi.Bool(typ == "public"),
			"cidrBlock":           pulumi.String(planned.CidrBlock),
			"tags":                pulumi.ToStringMap(subnetTags),
		}, vpc)
		if err != nil {
			return vpcChildren{}, err
		}
		children.subnets = append(children.subnets, pulumi.NewResourceInput(subnet))
		switch typ {
		case "public":
			children.publicIDs = append(children.publicIDs, subnet.ID().ToStringOutput())
		case "private":
			children.privateIDs = append(children.privateIDs, subnet.ID().ToStringOutput())
		default:
			children.isolatedIDs = append(children.isolatedIDs, subnet.ID().ToStringOutput())
		}

		routeTable, err := b.register(typeRouteTable, planned.Name, pulumi.Map{
			"vpcId": vpc.ID(),
			"tags":  pulumi.ToStringMap(mergeTags(sharedTags, map[string]string{"Name": planned.Name, "SubnetType": planned.Type})),
		}, subnet)
		if err != nil {
			return vpcChildren{}, err
		}
		children.routeTables = append(children.routeTables, pulumi.NewResourceInput(routeTable))

		association, err := b.register(typeRouteTableAssociation, planned.Name, pulumi.Map{
			"routeTableId": routeTable.ID(),
			"subnetId":     subnet.ID(),
		}, routeTable)
		if err != nil {
			return vpcChildren{}, err
		}
		children.associations = append(children.associations, pulumi.NewResourceInput(association))

		if typ == "public" && shouldCreateNatGateway(layout.NatStrategy, len(natGateways), planned.ZoneIndex) {
			natGateway, eip, err := b.registerNatGateway(layout, planned, subnet)
			if err != nil {
				return vpcChildren{}, err
			}
			natGateways = append(natGateways, natGateway)
			children.natGateways = append(children.natGateways, pulumi.NewResourceInput(natGateway))
			if eip != nil {
				eips = append(eips, eip)
				children.eips = append(children.eips, pulumi.NewResourceInput(eip))
			}
		}

		route, err := b.registerDefaultRoute(layout, planned, routeTable, igw, natGateways)
		if err != nil {
			return vpcChildren{}, err
		}
		if route != nil {
			children.routes = append(children.routes, pulumi.NewResourceInput(route))
		}
	}
	return children, nil
}

// registerNatGateway registers the NAT gateway of a public subnet and, unless the arguments give
// allocation ids, its Elastic IP. Both are named "<vpc>-<zone number>".
func (b *vpcBuilder) registerNatGateway(layout vpcLayout, planned plannedSubnet, subnet *awsResource) (*awsResource, *awsResource, error) {
	name := fmt.Sprintf("%s-%d", b.name, planned.ZoneIndex+1)
	tags := pulumi.ToStringMap(mergeTags(b.args.tags, map[string]string{"Name": name}))

	var eip *awsResource
	var allocationID pulumi.StringInput
	if len(layout.ElasticIPAllocationIDs) == 0 {
		var err error
		if eip, err = b.register(typeEip, name, pulumi.Map{"tags": tags}, subnet); err != nil {
			return nil, nil, err
		}
		allocationID = eip.AllocationID
	} else {
		index := min(planned.ZoneIndex, len(layout.ElasticIPAllocationIDs)-1)
		allocationID = pulumi.String(layout.ElasticIPAllocationIDs[index])
	}

	natGateway, err := b.register(typeNatGateway, name, pulumi.Map{
		"subnetId":     subnet.ID(),
		"allocationId": allocationID,
		"tags":         tags,
	}, subnet)
	if err != nil {
		return nil, nil, err
	}
	return natGateway, eip, nil
}

// registerDefaultRoute registers the 0.0.0.0/0 route of a subnet's route table, or returns nil for isolated
// subnets and for private subnets without NAT gateways.
func (b *vpcBuilder) registerDefaultRoute(layout vpcLayout, planned plannedSubnet, routeTable, igw *awsResource,
	natGateways []*awsResource,
) (*awsResource, error) {
	props := pulumi.Map{
		"routeTableId":         routeTable.ID(),
		"destinationCidrBlock": pulumi.String("0.0.0.0/0"),
	}
	switch strings.ToLower(planned.Type) {
	case "public":
		props["gatewayId"] = igw.ID()
	case "private":
		if strings.EqualFold(layout.NatStrategy, natNone) || len(natGateways) == 0 {
			return nil, nil
		}
		// Public subnets come first in each zone, so the zone's NAT gateway exists already.
		natGateway := natGateways[0]
		if !strings.EqualFold(layout.NatStrategy, natSingle) {
			natGateway = natGateways[min(planned.ZoneIndex, len(natGateways)-1)]
		}
		props["natGatewayId"] = natGateway.ID()
	default:
		return nil, nil
	}
	return b.register(typeRoute, planned.Name, props, routeTable)
}

// registerEndpoint registers one VPC endpoint named after its service.
func (b *vpcBuilder) registerEndpoint(spec resource.PropertyMap, vpc *awsResource, sharedTags map[string]string) (*awsResource, error) {
	serviceName, _ := knownString(spec, "serviceName")
	props := pulumi.Map{"vpcId": vpc.ID()}
	for _, key := range []string{
		"autoAccept", "policy", "privateDnsEnabled", "routeTableIds", "securityGroupIds", "subnetIds",
		"vpcEndpointType", "serviceName",
	} {
		value, has := spec[resource.PropertyKey(key)]
		if !has || value.IsNull() {
			continue
		}
		input, err := propertyToInput(value)
		if err != nil {
			return nil, fmt.Errorf("passing %q to VPC endpoint %q: %w", key, serviceName, err)
		}
		props[key] = input
	}
	specTags, err := stringMapAt(spec, "tags")
	if err != nil {
		return nil, fmt.Errorf("reading the tags of VPC endpoint %q: %w", serviceName, err)
	}
	props["tags"] = pulumi.ToStringMap(mergeTags(sharedTags, specTags))
	return b.register(typeVpcEndpoint, serviceName, props, vpc)
}

// shouldCreateNatGateway reports whether a public subnet in the zone gets a NAT gateway: never with None,
// the first one with Single, the first one of each zone with OnePerAz.
func shouldCreateNatGateway(strategy string, existing, zoneIndex int) bool {
	switch strings.ToLower(strategy) {
	case "single":
		return existing < 1
	case "oneperaz":
		return existing < zoneIndex+1
	default:
		return false
	}
}

// subnetLayoutOutput converts the resolved layout into the subnetLayout output, leaving out empty fields.
func subnetLayoutOutput(layout []resolvedSubnetSpec) pulumi.Array {
	out := pulumi.Array{}
	for _, spec := range layout {
		entry := pulumi.Map{"type": pulumi.String(spec.Type)}
		if spec.Name != "" {
			entry["name"] = pulumi.String(spec.Name)
		}
		if spec.CidrMask != 0 {
			entry["cidrMask"] = pulumi.Int(spec.CidrMask)
		}
		if spec.Size != 0 {
			entry["size"] = pulumi.Int(spec.Size)
		}
		if spec.CidrBlocks != nil {
			entry["cidrBlocks"] = pulumi.ToStringArray(spec.CidrBlocks)
		}
		out = append(out, entry)
	}
	return out
}

// nonNilResources returns an empty array instead of nil, so the output is [] rather than absent.
func nonNilResources(resources pulumi.ResourceArray) pulumi.ResourceArray {
	if resources == nil {
		return pulumi.ResourceArray{}
	}
	return resources
}

// mergeTags returns the union of the maps; later maps win.
func mergeTags(maps ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// propertyToInput converts an input value received from the engine into a Pulumi input for a child
// resource. Unknown values stay unknown and secrets stay secret.
func propertyToInput(v resource.PropertyValue) (pulumi.Input, error) {
	switch {
	case v.IsComputed() || v.IsOutput() && !v.OutputValue().Known:
		return pulumi.UnsafeUnknownOutput(nil), nil
	case v.IsOutput():
		inner, err := propertyToInput(v.OutputValue().Element)
		if err != nil || !v.OutputValue().Secret {
			return inner, err
		}
		return pulumi.ToSecret(inner), nil
	case v.IsSecret():
		inner, err := propertyToInput(v.SecretValue().Element)
		if err != nil {
			return nil, err
		}
		return pulumi.ToSecret(inner), nil
	case v.IsNull():
		return nil, nil
	case v.IsBool():
		return pulumi.Bool(v.BoolValue()), nil
	case v.IsNumber():
		return pulumi.Float64(v.NumberValue()), nil
	case v.IsString():
		return pulumi.String(v.StringValue()), nil
	case v.IsArray():
		out := pulumi.Array{}
		for _, element := range v.ArrayValue() {
			input, err := propertyToInput(element)
			if err != nil {
				return nil, err
			}
			out = append(out, input)
		}
		return out, nil
	case v.IsObject():
		out := pulumi.Map{}
		for key, element := range v.ObjectValue() {
			input, err := propertyToInput(element)
			if err != nil {
				return nil, err
			}
			out[string(key)] = input
		}
		return out, nil
	default:
		return nil, fmt.Errorf("unsupported value of type %s", v.TypeString())
	}
}
