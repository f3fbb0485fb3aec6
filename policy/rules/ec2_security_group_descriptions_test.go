package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestEC2SecurityGroupDescriptions(t *testing.T) {
	block := func(description property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"protocol": property.New("tcp"), "fromPort": property.New(443.0), "toPort": property.New(443.0),
			"description": description,
		})
	}
	group := func(description property.Value, ingress, egress []property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"description": description, "ingress": listValue(ingress...), "egress": listValue(egress...),
		})
	}
	described := property.New("Lambda functions: HTTPS egress only")

	runPolicyCases(t, newEC2SecurityGroupDescriptions(), []policyCase{
		{name: "described group", kind: caseCompliant, resourceType: typeEC2SecurityGroup,
			props: group(described, []property.Value{block(property.New("HTTPS from the functions"))}, nil)},
		{name: "described egress rule", kind: caseCompliant, resourceType: typeVPCSecurityGroupEgressRule,
			props: propsOf(map[string]property.Value{"ipProtocol": property.New("tcp"), "description": property.New("HTTPS to S3")})},
		{name: "default group description", kind: caseViolation, resourceType: typeEC2SecurityGroup,
			props: group(property.New("Managed by Pulumi"), nil, []property.Value{block(property.New("HTTPS to S3")), block(property.Value{})}),
			want: []string{
				`description is the provider default "Managed by Pulumi", expected a description of the security group's purpose.`,
				`egress[1].description is not set, expected a description of the traffic the rule admits.`,
			}},
		{name: "rule without description", kind: caseViolation, resourceType: typeEC2SecurityGroupRule,
			props: propsOf(map[string]property.Value{"type": property.New("ingress"), "description": property.New("")}),
			want:  []string{`description is "", expected a description of the rule's purpose.`}},
		{name: "vpc", kind: caseOtherType, resourceType: typeEC2VPC, props: propsOf(map[string]property.Value{})},
		{name: "unknown", kind: caseUnknown, resourceType: typeEC2SecurityGroup,
			props:       group(described, []property.Value{block(unknownValue())}, nil),
			wantUnknown: []string{"ingress[0].description"}},
	})
}
