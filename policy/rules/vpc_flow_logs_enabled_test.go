package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestVPCFlowLogsEnabled(t *testing.T) {
	component := stackResource("awsx:ec2:Vpc", "network", property.Map{})
	vpc := childOf(stackResource(typeEC2VPC, "network", propsOf(map[string]property.Value{
		"cidrBlock": property.New("10.20.0.0/16"),
		"arn":       property.New("arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0123"),
	})), component)
	flowLog := func(vpcID property.Value) pack.Resource {
		return stackResource(typeEC2FlowLog, "network-flow-log", propsOf(map[string]property.Value{
			"vpcId": vpcID, "trafficType": property.New("ALL"),
		}))
	}
	subnet := stackResource("aws:ec2/subnet:Subnet", "private-1", property.Map{})

	runStackCases(t, newVPCFlowLogsEnabled(), []stackCase{
		{
			name:      "flow log built from the vpc",
			kind:      caseCompliant,
			resources: []pack.Resource{component, vpc, dependingOn(flowLog(unknownValue()), "vpcId", vpc, component)},
		},
		{
			name:      "flow log built from the awsx component",
			kind:      caseCompliant,
			resources: []pack.Resource{component, vpc, dependingOn(flowLog(unknownValue()), "vpcId", component)},
		},
		{
			name:      "flow log naming the vpc id",
			kind:      caseCompliant,
			resources: []pack.Resource{component, vpc, flowLog(property.New("vpc-0123"))},
		},
		{
			name:      "no flow log",
			kind:      caseViolation,
			resources: []pack.Resource{component, vpc, subnet},
			want:      []string{"network: no aws:ec2/flowLog:FlowLog has vpcId set to this VPC, expected one that records its traffic."},
		},
		{
			name: "flow log of a subnet",
			kind: caseViolation,
			resources: []pack.Resource{component, vpc, subnet, dependingOn(stackResource(typeEC2FlowLog, "subnet-log",
				propsOf(map[string]property.Value{"subnetId": unknownValue()})), "subnetId", subnet)},
			want: []string{"network: no aws:ec2/flowLog:FlowLog has vpcId set to this VPC, expected one that records its traffic."},
		},
		{
			name:      "no vpc",
			kind:      caseOtherType,
			resources: []pack.Resource{subnet, flowLog(property.New("vpc-0123"))},
		},
		{
			name:        "flow log of an unknown vpc",
			kind:        caseUnknown,
			resources:   []pack.Resource{component, vpc, flowLog(unknownValue())},
			wantUnknown: []string{"network-flow-log: vpcId"},
		},
	})
}
