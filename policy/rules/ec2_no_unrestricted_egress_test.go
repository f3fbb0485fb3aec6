package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestEC2NoUnrestrictedEgress(t *testing.T) {
	egressBlock := func(protocol string, from, to float64, cidr property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"protocol": property.New(protocol), "fromPort": property.New(from), "toPort": property.New(to),
			"cidrBlocks": listValue(cidr),
		})
	}
	group := func(blocks ...property.Value) property.Map {
		return propsOf(map[string]property.Value{"description": property.New("functions"), "egress": listValue(blocks...)})
	}
	egressRule := func(protocol string, cidr property.Value) property.Map {
		return propsOf(map[string]property.Value{"ipProtocol": property.New(protocol), "cidrIpv4": cidr})
	}

	runPolicyCases(t, newEC2NoUnrestrictedEgress(), []policyCase{
		{name: "https to internet", kind: caseCompliant, resourceType: typeEC2SecurityGroup,
			props: group(egressBlock("tcp", 443, 443, property.New("0.0.0.0/0")))},
		{name: "all to vpc", kind: caseCompliant, resourceType: typeEC2SecurityGroup,
			props: group(egressBlock("-1", 0, 0, property.New("10.0.0.0/16")))},
		{name: "all to internet", kind: caseViolation, resourceType: typeEC2SecurityGroup,
			props: group(egressBlock("tcp", 443, 443, property.New("0.0.0.0/0")), egressBlock("-1", 0, 0, property.New("0.0.0.0/0"))),
			want: []string{`egress[1].cidrBlocks contains "0.0.0.0/0" for all protocols and ports, expected egress to the ` +
				`internet only on the ports the workload needs.`}},
		{name: "every tcp port rule", kind: caseViolation, resourceType: typeEC2SecurityGroupRule,
			props: propsOf(map[string]property.Value{
				"type": property.New("egress"), "protocol": property.New("tcp"), "fromPort": property.New(0.0),
				"toPort": property.New(65535.0), "ipv6CidrBlocks": listValue(property.New("::/0")),
			}),
			want: []string{`ipv6CidrBlocks contains "::/0" for protocol "tcp" ports 0-65535, expected egress to the ` +
				`internet only on the ports the workload needs.`}},
		{name: "egress rule all", kind: caseViolation, resourceType: typeVPCSecurityGroupEgressRule,
			props: egressRule("-1", property.New("0.0.0.0/0")),
			want: []string{`cidrIpv4 is "0.0.0.0/0" for all protocols and ports, expected egress to the internet only on ` +
				`the ports the workload needs.`}},
		{name: "ingress rule", kind: caseCompliant, resourceType: typeEC2SecurityGroupRule,
			props: propsOf(map[string]property.Value{
				"type": property.New("ingress"), "protocol": property.New("-1"), "cidrBlocks": listValue(property.New("10.0.0.0/8")),
			})},
		{name: "ingress resource", kind: caseOtherType, resourceType: typeVPCSecurityGroupIngressRule,
			props: egressRule("-1", property.New("0.0.0.0/0"))},
		{name: "unknown cidr", kind: caseUnknown, resourceType: typeVPCSecurityGroupEgressRule,
			props: egressRule("-1", unknownValue()), wantUnknown: []string{"cidrIpv4"}},
	})
}
