package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestEC2SecurityGroupNoMixedRules(t *testing.T) {
	inlineRule := func(protocol string, from, to float64) property.Value {
		return objectValue(map[string]property.Value{
			"protocol":   property.New(protocol),
			"fromPort":   property.New(from),
			"toPort":     property.New(to),
			"cidrBlocks": listValue(property.New("10.0.0.0/16")),
		})
	}
	group := func(ingress, egress property.Value) pack.Resource {
		return stackResource(typeEC2SecurityGroup, "endpoints", propsOf(map[string]property.Value{
			"ingress": ingress, "egress": egress,
		}))
	}
	target := group(property.Value{}, property.Value{})
	ingressRule := dependingOn(stackResource(typeVPCSecurityGroupIngressRule, "from-functions",
		propsOf(map[string]property.Value{
			"ipProtocol": property.New("tcp"), "fromPort": property.New(443.0), "toPort": property.New(443.0),
		})), "securityGroupId", target)
	legacyEgressRule := dependingOn(stackResource(typeEC2SecurityGroupRule, "to-anywhere",
		propsOf(map[string]property.Value{
			"type": property.New("egress"), "protocol": property.New("-1"),
			"fromPort": property.New(0.0), "toPort": property.New(0.0),
		})), "securityGroupId", target)

	runStackCases(t, newEC2SecurityGroupNoMixedRules(), []stackCase{
		{
			name:      "rule resources only",
			kind:      caseCompliant,
			resources: []pack.Resource{group(listValue(), listValue()), ingressRule, legacyEgressRule},
		},
		{
			name: "outputs that list the rule resources",
			kind: caseCompliant,
			resources: []pack.Resource{
				group(listValue(inlineRule("6", 443, 443)), listValue(inlineRule("all", 0, 0))),
				ingressRule, legacyEgressRule,
			},
		},
		{
			name:      "inline rules only",
			kind:      caseCompliant,
			resources: []pack.Resource{group(listValue(inlineRule("tcp", 22, 22)), listValue())},
		},
		{
			name: "inline and standalone ingress",
			kind: caseViolation,
			resources: []pack.Resource{
				group(listValue(inlineRule("tcp", 443, 443), inlineRule("tcp", 5432, 5432)), property.Value{}),
				ingressRule,
			},
			want: []string{`endpoints: ingress lists ingress[1] (protocol "tcp" ports 5432-5432) and ` +
				`aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule "from-functions" adds another rule, ` +
				`expected the group's ingress rules in one place: inline or rule resources.`},
		},
		{
			name: "ingress rule resource does not count for egress",
			kind: caseCompliant,
			resources: []pack.Resource{
				group(property.Value{}, listValue(inlineRule("tcp", 443, 443))),
				ingressRule,
			},
		},
		{
			name:      "rule without group",
			kind:      caseOtherType,
			resources: []pack.Resource{ingressRule, legacyEgressRule},
		},
		{
			name: "unknown rules",
			kind: caseUnknown,
			resources: []pack.Resource{
				group(unknownValue(), listValue(unknownValue())),
				ingressRule, legacyEgressRule,
			},
			wantUnknown: []string{"endpoints: ingress", "endpoints: egress[0]"},
		},
	})
}
