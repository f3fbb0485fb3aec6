package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

func TestEC2NoPublicIngress(t *testing.T) {
	ingress := func(protocol string, from, to float64, cidrs ...string) property.Value {
		blocks := make([]property.Value, len(cidrs))
		for i, cidr := range cidrs {
			blocks[i] = property.New(cidr)
		}
		return objectValue(map[string]property.Value{
			"protocol":   property.New(protocol),
			"fromPort":   property.New(from),
			"toPort":     property.New(to),
			"cidrBlocks": listValue(blocks...),
		})
	}
	securityGroup := func(rules ...property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"vpcId":   property.New("vpc-0123456789abcdef0"),
			"ingress": listValue(rules...),
		})
	}
	ingressRule := func(protocol property.Value, from, to property.Value, cidrIPv4 property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"securityGroupId": property.New("sg-0123456789abcdef0"),
			"ipProtocol":      protocol,
			"fromPort":        from,
			"toPort":          to,
			"cidrIpv4":        cidrIPv4,
		})
	}

	runPolicyCases(t, newEC2NoPublicIngress(), []policyCase{
		{
			name:         "https from anywhere",
			kind:         caseCompliant,
			resourceType: typeEC2SecurityGroup,
			props:        securityGroup(ingress("tcp", 443, 443, "0.0.0.0/0")),
		},
		{
			name:         "ssh from private range",
			kind:         caseCompliant,
			resourceType: typeEC2SecurityGroup,
			props:        securityGroup(ingress("tcp", 22, 22, "10.0.0.0/16")),
		},
		{
			name:         "egress rule to anywhere",
			kind:         caseCompliant,
			resourceType: typeEC2SecurityGroupRule,
			props: propsOf(map[string]property.Value{
				"type": property.New("egress"), "protocol": property.New("-1"),
				"fromPort": property.New(0.0), "toPort": property.New(0.0),
				"cidrBlocks": listValue(property.New("0.0.0.0/0")),
			}),
		},
		{
			name:         "http/3 ingress rule",
			kind:         caseCompliant,
			resourceType: typeVPCSecurityGroupIngressRule,
			props:        ingressRule(property.New("udp"), property.New(443.0), property.New(443.0), property.New("0.0.0.0/0")),
		},
		{
			name:         "ssh from anywhere",
			kind:         caseViolation,
			resourceType: typeEC2SecurityGroup,
			props:        securityGroup(ingress("tcp", 443, 443, "0.0.0.0/0"), ingress("tcp", 22, 22, "10.0.0.0/8", "0.0.0.0/0")),
			want: []string{`ingress[1].cidrBlocks contains "0.0.0.0/0" for protocol "tcp" port 22, ` +
				`expected ingress from the internet only on port 443.`},
		},
		{
			name:         "ipv6 range including 443",
			kind:         caseViolation,
			resourceType: typeEC2SecurityGroup,
			props: securityGroup(objectValue(map[string]property.Value{
				"protocol": property.New("tcp"), "fromPort": property.New(80.0), "toPort": property.New(443.0),
				"ipv6CidrBlocks": listValue(property.New("::/0")),
			})),
			want: []string{`ingress[0].ipv6CidrBlocks contains "::/0" for protocol "tcp" ports 80-443, ` +
				`expected ingress from the internet only on port 443.`},
		},
		{
			name:         "all traffic rule",
			kind:         caseViolation,
			resourceType: typeEC2SecurityGroupRule,
			props: propsOf(map[string]property.Value{
				"type": property.New("ingress"), "protocol": property.New("-1"),
				"fromPort": property.New(0.0), "toPort": property.New(0.0),
				"cidrBlocks": listValue(property.New("0.0.0.0/0")),
			}),
			want: []string{`cidrBlocks contains "0.0.0.0/0" for all protocols and ports, ` +
				`expected ingress from the internet only on port 443.`},
		},
		{
			name:         "vpc ingress rule without ports",
			kind:         caseViolation,
			resourceType: typeVPCSecurityGroupIngressRule,
			props:        ingressRule(property.New("-1"), property.Value{}, property.Value{}, property.New("0.0.0.0/0")),
			want: []string{`cidrIpv4 is "0.0.0.0/0" for all protocols and ports, ` +
				`expected ingress from the internet only on port 443.`},
		},
		{
			name:         "vpc ingress rule for postgres",
			kind:         caseViolation,
			resourceType: typeVPCSecurityGroupIngressRule,
			props:        ingressRule(property.New("tcp"), property.New(5432.0), property.New(5432.0), property.New("0.0.0.0/0")),
			want: []string{`cidrIpv4 is "0.0.0.0/0" for protocol "tcp" port 5432, ` +
				`expected ingress from the internet only on port 443.`},
		},
		{
			name:         "egress rule resource",
			kind:         caseOtherType,
			resourceType: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
			props:        ingressRule(property.New("-1"), property.Value{}, property.Value{}, property.New("0.0.0.0/0")),
		},
		{
			name:         "unknown ingress list",
			kind:         caseUnknown,
			resourceType: typeEC2SecurityGroup,
			props:        propsOf(map[string]property.Value{"ingress": unknownValue()}),
			wantUnknown:  []string{"ingress"},
		},
		{
			name:         "unknown ingress block",
			kind:         caseUnknown,
			resourceType: typeEC2SecurityGroup,
			props:        securityGroup(unknownValue()),
			wantUnknown:  []string{"ingress[0]"},
		},
		{
			name:         "unknown cidr",
			kind:         caseUnknown,
			resourceType: typeVPCSecurityGroupIngressRule,
			props:        ingressRule(property.New("tcp"), property.New(22.0), property.New(22.0), unknownValue()),
			wantUnknown:  []string{"cidrIpv4"},
		},
		{
			name:         "unknown port",
			kind:         caseUnknown,
			resourceType: typeVPCSecurityGroupIngressRule,
			props:        ingressRule(property.New("tcp"), unknownValue(), property.New(22.0), property.New("0.0.0.0/0")),
			wantUnknown:  []string{"fromPort"},
		},
		{
			name:         "unknown rule type",
			kind:         caseUnknown,
			resourceType: typeEC2SecurityGroupRule,
			props: propsOf(map[string]property.Value{
				"type": unknownValue(), "protocol": property.New("-1"),
				"cidrBlocks": listValue(property.New("0.0.0.0/0")),
			}),
			wantUnknown: []string{"type"},
		},
	})
}

func TestIsWholeInternet(t *testing.T) {
	tests := []struct {
		cidr string
		want bool
	}{
		{cidr: "0.0.0.0/0", want: true},
		{cidr: "::/0", want: true},
		{cidr: "::0/0", want: true},
		{cidr: " 0.0.0.0/0 ", want: true},
		{cidr: "0.0.0.0/1", want: false},
		{cidr: "10.0.0.0/8", want: false},
		{cidr: "not a cidr", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.cidr, func(t *testing.T) {
			assert.Equal(t, tt.want, isWholeInternet(tt.cidr))
		})
	}
}
