package fakeaws

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// AWSXVpcType is the type token of the awsx VPC component.
const AWSXVpcType = "awsx:ec2:Vpc"

// awsxDefaultZoneCount is the number of availability zones an awsx VPC uses without zone arguments.
const awsxDefaultZoneCount = 3

// awsxVpcOutputs returns the outputs Mocks gives an awsx:ec2:Vpc component: its inputs, plus vpcId and
// the subnet id lists (publicSubnetIds, privateSubnetIds, isolatedSubnetIds). There is one subnet per
// subnet spec and availability zone. Without subnetSpecs, each zone has a private and a public subnet,
// as awsx creates by default.
//
// NOTE: the outputs that are resources (vpc, subnets, routeTables, vpcEndpoints and the others) stay
// absent, because a mock cannot register the child resources they refer to. The stand-in awsx provider
// builds them when the real engine runs the program.
func (m Model) awsxVpcOutputs(name string, inputs resource.PropertyMap) resource.PropertyMap {
	m = m.resolved()
	outputs := inputs.Copy()
	vpcID := "vpc-0" + deriveHex(16, AWSXVpcType, name)
	outputs["vpcId"] = resource.NewStringProperty(vpcID)

	zoneCount := awsxDefaultZoneCount
	if names := stringList(inputs, "availabilityZoneNames"); len(names) > 0 {
		zoneCount = len(names)
	} else if count, ok := numberValue(inputs, "numberOfAvailabilityZones"); ok {
		zoneCount = int(count)
	}

	specs := awsxSubnetSpecs(inputs)
	ids := map[string][]string{}
	for zone := range zoneCount {
		for _, spec := range specs {
			subnetName := fmt.Sprintf("%s-%s-%d", name, spec.name, zone+1)
			ids[spec.kind] = append(ids[spec.kind], "subnet-0"+deriveHex(16, "subnet", vpcID, subnetName))
		}
	}
	outputs["publicSubnetIds"] = stringArray(ids["public"]...)
	outputs["privateSubnetIds"] = stringArray(ids["private"]...)
	outputs["isolatedSubnetIds"] = stringArray(ids["isolated"]...)
	return outputs
}

// awsxSubnetSpec is the part of one subnetSpecs entry that names its subnets.
type awsxSubnetSpec struct {
	// kind is the subnet type in lowercase: public, private, isolated or unused.
	kind string
	// name is the spec name, or the kind when the spec has none.
	name string
}

// awsxSubnetSpecs returns the subnet specs of the inputs without the Unused ones, or the default private
// and public specs when the input is absent.
func awsxSubnetSpecs(inputs resource.PropertyMap) []awsxSubnetSpec {
	raw, has := inputs["subnetSpecs"]
	if !has || raw.IsNull() {
		return []awsxSubnetSpec{{kind: "private", name: "private"}, {kind: "public", name: "public"}}
	}
	raw, known := unwrap(raw)
	if !known || !raw.IsArray() {
		return nil
	}
	var specs []awsxSubnetSpec
	for _, element := range raw.ArrayValue() {
		element, known := unwrap(element)
		if !known || !element.IsObject() {
			continue
		}
		kind, _ := stringValue(element.ObjectValue(), "type")
		kind = strings.ToLower(kind)
		if kind == "" || kind == "unused" {
			continue
		}
		name, _ := stringValue(element.ObjectValue(), "name")
		specs = append(specs, awsxSubnetSpec{kind: kind, name: valueOr(name, kind)})
	}
	return specs
}
