package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyEC2SecurityGroupNoMixedRules is the name of the stack policy that rejects security groups whose
// rules are managed both inline and through rule resources.
const PolicyEC2SecurityGroupNoMixedRules = "ec2-security-group-no-mixed-rules"

// ruleDirection is one direction of a security group's rules: the inline property and the standalone
// resources that add rules of that direction.
type ruleDirection struct {
	// property is the SecurityGroup property of the inline rules, "ingress" or "egress".
	property string
	// vpcRuleType is the aws:vpc rule resource of this direction.
	vpcRuleType string
}

var ruleDirections = []ruleDirection{
	{property: "ingress", vpcRuleType: typeVPCSecurityGroupIngressRule},
	{property: "egress", vpcRuleType: typeVPCSecurityGroupEgressRule},
}

// newEC2SecurityGroupNoMixedRules returns the stack policy that guards security groups against two
// owners of the same rules. A SecurityGroup with inline ingress or egress rules owns the rules of that
// direction, so the provider removes the rules that SecurityGroupRule, SecurityGroupIngressRule or
// SecurityGroupEgressRule resources add, and they add them back on the next update.
//
// The group's outputs list every rule that the provider read, including those of the rule resources.
// So the policy reports a direction only when an output rule matches no rule resource by protocol and
// ports, which the group's own arguments must have added.
//
// NOTE: Matching by protocol and ports misses a conflict where an inline rule has the same protocol
// and ports as a rule resource but other sources.
func newEC2SecurityGroupNoMixedRules() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2SecurityGroupNoMixedRules,
		Description: "Security groups must manage the rules of each direction in one place: inline or through rule resources.",
		Rationale: "Inline ingress or egress rules make the security group own every rule of that direction, so " +
			"each update removes the rules that separate rule resources add and the next update adds them back. " +
			"Traffic is cut off or opened between updates, and a review of one resource misses the rules of the other.",
		RemediationSteps: "Move the rules of each direction to one place: either list them all in the " +
			"SecurityGroup's ingress and egress arguments, or remove those arguments and use " +
			"SecurityGroupIngressRule and SecurityGroupEgressRule resources.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "ec2", "network", "drift", tagPCI + "1.1.1"},
			withPrefix(tagAWSGuard, "security-group-no-rule-management-conflicts"),
		),
		Framework:     pciControl("1.1.1", "A formal process for approving and testing all network connections and changes"),
		Waivable:      true,
		ResourceTypes: []string{typeEC2SecurityGroup},
		ValidateStack: validateEC2SecurityGroupNoMixedRules,
	}
}

func validateEC2SecurityGroupNoMixedRules(_ context.Context, check *pack.StackCheck) error {
	for _, group := range check.OfType(typeEC2SecurityGroup) {
		for _, direction := range ruleDirections {
			checkMixedRules(check, group, direction)
		}
	}
	return nil
}

// checkMixedRules reports a group whose inline rules of one direction include a rule that no rule
// resource of that direction matches, while it has such resources.
func checkMixedRules(check *pack.StackCheck, group pack.Resource, direction ruleDirection) {
	siblings := standaloneRules(check, group, direction)
	if len(siblings) == 0 {
		return
	}
	inline := group.Properties.Get(direction.property)
	if !check.Known(group, direction.property, inline) {
		return
	}

	var others []string
	elements, _ := arrayValue(inline)
	for i, element := range elements {
		path := indexedPath(direction.property, i)
		if element.HasComputed() {
			check.Unknown(group, path)
			continue
		}
		rule, ok := mapValue(element)
		if !ok {
			continue
		}
		key := ruleKey(rule, "protocol")
		if !slices.ContainsFunc(siblings, func(sibling pack.Resource) bool { return siblingRuleKey(sibling) == key }) {
			others = append(others, fmt.Sprintf("%s (%s)", path, key))
		}
	}
	if len(others) > 0 {
		check.Report(group, "%s lists %s and %s %q adds another rule, expected the group's %s rules in one "+
			"place: inline or rule resources.", direction.property, strings.Join(others, ", "),
			siblings[0].Type, siblings[0].Name, direction.property)
	}
}

// standaloneRules returns the rule resources of the direction whose securityGroupId is the group.
func standaloneRules(check *pack.StackCheck, group pack.Resource, direction ruleDirection) []pack.Resource {
	join := siblingJoin{
		siblingTypes: []string{typeEC2SecurityGroupRule, direction.vpcRuleType},
		property:     "securityGroupId",
	}
	var found []pack.Resource
	for _, sibling := range siblingsOf(check, group, join) {
		if sibling.Type == typeEC2SecurityGroupRule {
			if ruleType, _ := stringValue(sibling.Properties.Get("type")); ruleType != direction.property {
				continue
			}
		}
		found = append(found, sibling)
	}
	return found
}

// siblingRuleKey returns the protocol and ports of a rule resource.
func siblingRuleKey(sibling pack.Resource) string {
	if sibling.Type == typeEC2SecurityGroupRule {
		return ruleKey(sibling.Properties, "protocol")
	}
	return ruleKey(sibling.Properties, "ipProtocol")
}

// ruleKey formats the protocol and ports of a rule, as in `protocol "tcp" ports 443-443`. Protocol
// numbers and names of TCP, UDP and ICMP compare equal, and a rule for all protocols has no ports.
func ruleKey(rule property.Map, protocolKey string) string {
	protocol, _ := stringValue(rule.Get(protocolKey))
	protocol = strings.ToLower(protocol)
	switch protocol {
	case "-1", "all":
		return `protocol "-1"`
	case "6":
		protocol = "tcp"
	case "17":
		protocol = "udp"
	case "1":
		protocol = "icmp"
	}
	from, _ := numberValue(rule.Get("fromPort"))
	to, _ := numberValue(rule.Get("toPort"))
	return fmt.Sprintf("protocol %q ports %g-%g", protocol, from, to)
}
