package standin

import (
	"fmt"
	"math"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// vpcArgs are the inputs of awsx:ec2:Vpc as plain values. The engine sends Construct inputs as output
// values; readVpcArgs unwraps them.
type vpcArgs struct {
	layout vpcLayoutArgs
	// tags are the tags input, which awsx puts on every child.
	tags map[string]string
	// vpcInputs are the inputs passed on to aws:ec2/vpc:Vpc unchanged. They may be unknown or secret.
	vpcInputs resource.PropertyMap
	// endpoints are the vpcEndpointSpecs entries.
	endpoints []resource.PropertyMap
}

// vpcPassThroughInputs are the inputs of awsx:ec2:Vpc that awsx passes to the aws:ec2/vpc:Vpc it creates.
// cidrBlock and tags are set separately.
var vpcPassThroughInputs = []string{
	"assignGeneratedIpv6CidrBlock", "enableDnsHostnames", "enableDnsSupport", "enableNetworkAddressUsageMetrics",
	"instanceTenancy", "ipv4IpamPoolId", "ipv4NetmaskLength", "ipv6CidrBlock", "ipv6CidrBlockNetworkBorderGroup",
	"ipv6IpamPoolId", "ipv6NetmaskLength",
}

// vpcLayoutInputs are the inputs the subnet layout depends on. They must be known when the VPC is built.
var vpcLayoutInputs = []string{
	"cidrBlock", "availabilityZoneNames", "numberOfAvailabilityZones", "availabilityZoneCidrMask", "subnetStrategy",
	"subnetSpecs", "natGateways", "ipv4IpamPoolId", "ipv4NetmaskLength", "tags", "vpcEndpointSpecs",
}

// readVpcArgs converts the Construct inputs of awsx:ec2:Vpc into vpcArgs.
//
// NOTE: the inputs that decide the layout must be known. Real awsx waits for unknown ones and plans with
// their values, but the stand-in rejects them. A preview therefore fails when one of them depends on a
// resource that does not exist yet.
func readVpcArgs(inputs resource.PropertyMap) (vpcArgs, error) {
	for _, key := range vpcLayoutInputs {
		if v, has := inputs[resource.PropertyKey(key)]; has && v.ContainsUnknowns() {
			return vpcArgs{}, fmt.Errorf("input %q is unknown, but the stand-in awsx provider needs it known to plan "+
				"the subnets; give it a value that does not depend on other resources", key)
		}
	}

	var args vpcArgs
	var err error
	layout := &args.layout
	layout.CidrBlock, _ = knownString(inputs, "cidrBlock")
	layout.SubnetStrategy, _ = knownString(inputs, "subnetStrategy")
	layout.Ipv4IpamPoolID, _ = knownString(inputs, "ipv4IpamPoolId")
	if layout.AvailabilityZoneNames, err = stringsAt(inputs, "availabilityZoneNames"); err != nil {
		return vpcArgs{}, err
	}
	if layout.NumberOfAvailabilityZones, err = intAt(inputs, "numberOfAvailabilityZones"); err != nil {
		return vpcArgs{}, err
	}
	if layout.AvailabilityZoneCidrMask, err = intAt(inputs, "availabilityZoneCidrMask"); err != nil {
		return vpcArgs{}, err
	}
	if layout.Ipv4NetmaskLength, err = intAt(inputs, "ipv4NetmaskLength"); err != nil {
		return vpcArgs{}, err
	}
	if layout.SubnetSpecs, err = readSubnetSpecs(inputs); err != nil {
		return vpcArgs{}, err
	}
	if layout.NatGateways, err = readNatGateways(inputs); err != nil {
		return vpcArgs{}, err
	}
	if args.tags, err = stringMapAt(inputs, "tags"); err != nil {
		return vpcArgs{}, err
	}

	args.vpcInputs = resource.PropertyMap{}
	for _, key := range vpcPassThroughInputs {
		if v, has := inputs[resource.PropertyKey(key)]; has && !v.IsNull() {
			args.vpcInputs[resource.PropertyKey(key)] = v
		}
	}

	if endpoints, has := inputs["vpcEndpointSpecs"]; has && !endpoints.IsNull() {
		endpoints, _ = unwrapValue(endpoints)
		if !endpoints.IsArray() {
			return vpcArgs{}, fmt.Errorf("invalid vpcEndpointSpecs: expected a list of endpoint specs")
		}
		for i, element := range endpoints.ArrayValue() {
			element, _ = unwrapValue(element)
			if !element.IsObject() {
				return vpcArgs{}, fmt.Errorf("invalid vpcEndpointSpecs[%d]: expected an object", i)
			}
			if name, ok := knownString(element.ObjectValue(), "serviceName"); !ok || name == "" {
				return vpcArgs{}, fmt.Errorf("invalid vpcEndpointSpecs[%d]: missing serviceName", i)
			}
			args.endpoints = append(args.endpoints, element.ObjectValue())
		}
	}
	return args, nil
}

// readSubnetSpecs reads the subnetSpecs input. It returns nil when the input is absent.
func readSubnetSpecs(inputs resource.PropertyMap) ([]subnetSpec, error) {
	raw, has := inputs["subnetSpecs"]
	if !has || raw.IsNull() {
		return nil, nil
	}
	raw, _ = unwrapValue(raw)
	if !raw.IsArray() {
		return nil, fmt.Errorf("invalid subnetSpecs: expected a list of subnet specs")
	}
	specs := []subnetSpec{}
	for i, element := range raw.ArrayValue() {
		element, _ = unwrapValue(element)
		if !element.IsObject() {
			return nil, fmt.Errorf("invalid subnetSpecs[%d]: expected an object", i)
		}
		fields := element.ObjectValue()
		var spec subnetSpec
		var err error
		var ok bool
		if spec.Type, ok = knownString(fields, "type"); !ok {
			return nil, fmt.Errorf("invalid subnetSpecs[%d]: missing type; use Public, Private, Isolated or Unused", i)
		}
		spec.Name, _ = knownString(fields, "name")
		if spec.CidrMask, err = intAt(fields, "cidrMask"); err != nil {
			return nil, fmt.Errorf("invalid subnetSpecs[%d]: %w", i, err)
		}
		if spec.Size, err = intAt(fields, "size"); err != nil {
			return nil, fmt.Errorf("invalid subnetSpecs[%d]: %w", i, err)
		}
		if spec.CidrBlocks, err = stringsAt(fields, "cidrBlocks"); err != nil {
			return nil, fmt.Errorf("invalid subnetSpecs[%d]: %w", i, err)
		}
		if spec.Tags, err = stringMapAt(fields, "tags"); err != nil {
			return nil, fmt.Errorf("invalid subnetSpecs[%d]: %w", i, err)
		}
		specs = append(specs, spec)
	}
	return specs, nil
}

// readNatGateways reads the natGateways input. It returns nil when the input is absent.
func readNatGateways(inputs resource.PropertyMap) (*natGatewayConfig, error) {
	fields, ok := knownObject(inputs, "natGateways")
	if !ok {
		return nil, nil
	}
	config := &natGatewayConfig{}
	config.Strategy, _ = knownString(fields, "strategy")
	ids, err := stringsAt(fields, "elasticIpAllocationIds")
	if err != nil {
		return nil, fmt.Errorf("invalid natGateways: %w", err)
	}
	config.ElasticIPAllocationIDs = ids
	return config, nil
}

// stringsAt reads a list of strings. It returns nil when the key is absent or null.
func stringsAt(props resource.PropertyMap, key string) ([]string, error) {
	v, has := props[resource.PropertyKey(key)]
	if !has || v.IsNull() {
		return nil, nil
	}
	v, _ = unwrapValue(v)
	if !v.IsArray() {
		return nil, fmt.Errorf("invalid %s: expected a list of strings", key)
	}
	out := []string{}
	for i, element := range v.ArrayValue() {
		s, ok := knownStringValue(element)
		if !ok {
			return nil, fmt.Errorf("invalid %s[%d]: expected a string", key, i)
		}
		out = append(out, s)
	}
	return out, nil
}

// stringMapAt reads a map of strings. It returns nil when the key is absent or null.
func stringMapAt(props resource.PropertyMap, key string) (map[string]string, error) {
	v, has := props[resource.PropertyKey(key)]
	if !has || v.IsNull() {
		return nil, nil
	}
	v, _ = unwrapValue(v)
	if !v.IsObject() {
		return nil, fmt.Errorf("invalid %s: expected a map of strings", key)
	}
	out := map[string]string{}
	for k, element := range v.ObjectValue() {
		s, ok := knownStringValue(element)
		if !ok {
			return nil, fmt.Errorf("invalid %s.%s: expected a string", key, k)
		}
		out[string(k)] = s
	}
	return out, nil
}

// intAt reads a whole number. It returns nil when the key is absent or null.
func intAt(props resource.PropertyMap, key string) (*int, error) {
	v, has := props[resource.PropertyKey(key)]
	if !has || v.IsNull() {
		return nil, nil
	}
	v, _ = unwrapValue(v)
	if !v.IsNumber() || v.NumberValue() != math.Trunc(v.NumberValue()) {
		return nil, fmt.Errorf("invalid %s: expected a whole number", key)
	}
	n := int(v.NumberValue())
	return &n, nil
}
