package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestEC2DefaultSecurityGroupClosed(t *testing.T) {
	rule := objectValue(map[string]property.Value{
		"protocol": property.New("-1"), "fromPort": property.New(0.0), "toPort": property.New(0.0),
		"cidrBlocks": listValue(property.New("0.0.0.0/0")),
	})
	group := func(ingress, egress property.Value) property.Map {
		return propsOf(map[string]property.Value{"vpcId": property.New("vpc-1"), "ingress": ingress, "egress": egress})
	}

	runPolicyCases(t, newEC2DefaultSecurityGroupClosed(), []policyCase{
		{name: "no rules", kind: caseCompliant, resourceType: typeEC2DefaultSecurityGroup, props: group(listValue(), listValue())},
		{name: "not set", kind: caseCompliant, resourceType: typeEC2DefaultSecurityGroup,
			props: propsOf(map[string]property.Value{"vpcId": property.New("vpc-1")})},
		{name: "egress open", kind: caseViolation, resourceType: typeEC2DefaultSecurityGroup, props: group(listValue(), listValue(rule)),
			want: []string{`egress lists 1 rule(s), expected none.`}},
		{name: "both", kind: caseViolation, resourceType: typeEC2DefaultSecurityGroup, props: group(listValue(rule, rule), listValue(rule)),
			want: []string{`ingress lists 2 rule(s), expected none.`, `egress lists 1 rule(s), expected none.`}},
		{name: "security group", kind: caseOtherType, resourceType: typeEC2SecurityGroup, props: group(listValue(rule), listValue(rule))},
		{name: "unknown ingress", kind: caseUnknown, resourceType: typeEC2DefaultSecurityGroup, props: group(unknownValue(), listValue()),
			wantUnknown: []string{"ingress"}},
	})
}
