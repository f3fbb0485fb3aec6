package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestEC2SubnetNoPublicIP(t *testing.T) {
	subnet := func(mapPublic property.Value, subnetType string) property.Map {
		fields := map[string]property.Value{"mapPublicIpOnLaunch": mapPublic, "cidrBlock": property.New("10.0.0.0/20")}
		if subnetType != "" {
			fields["tags"] = objectValue(map[string]property.Value{"SubnetType": property.New(subnetType)})
		}
		return propsOf(fields)
	}

	runPolicyCases(t, newEC2SubnetNoPublicIP(), []policyCase{
		{name: "private subnet", kind: caseCompliant, resourceType: typeEC2Subnet, props: subnet(property.New(false), "Private")},
		{name: "designated public subnet", kind: caseCompliant, resourceType: typeEC2Subnet, props: subnet(property.New(true), "Public")},
		{name: "default off", kind: caseCompliant, resourceType: typeEC2Subnet,
			props: propsOf(map[string]property.Value{"cidrBlock": property.New("10.0.0.0/20")})},
		{name: "private subnet with public ips", kind: caseViolation, resourceType: typeEC2Subnet,
			props: subnet(property.New(true), "Private"),
			want:  []string{`mapPublicIpOnLaunch is true and tag SubnetType is "Private", expected false, or tag SubnetType=Public on a designated public subnet.`}},
		{name: "untagged subnet with public ips", kind: caseViolation, resourceType: typeEC2Subnet,
			props: subnet(property.New(true), ""),
			want:  []string{`mapPublicIpOnLaunch is true and tag SubnetType is not set, expected false, or tag SubnetType=Public on a designated public subnet.`}},
		{name: "vpc", kind: caseOtherType, resourceType: typeEC2VPC, props: subnet(property.New(true), "")},
		{name: "unknown setting", kind: caseUnknown, resourceType: typeEC2Subnet, props: subnet(unknownValue(), "Private"),
			wantUnknown: []string{"mapPublicIpOnLaunch"}},
	})
}
