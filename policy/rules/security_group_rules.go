package rules

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// ruleTraffic is the traffic one security group rule allows: its protocol in lowercase and its port
// range, with fromSet or toSet false for a port that is not set.
type ruleTraffic struct {
	protocol       string
	from, to       float64
	fromSet, toSet bool
}

// ruleChecker checks one rule of a security group. prefix starts the property names in messages, and
// protocolKey names the protocol property.
type ruleChecker func(check *pack.ResourceCheck, prefix string, rule property.Map, protocolKey string,
	cidrs []cidrProperty)

// checkSecurityGroupRules runs checkRule on every rule of the given direction ("ingress" or "egress") of
// a SecurityGroup's inline blocks, of a SecurityGroupRule of that type, and of the standalone rule type
// of that direction (standaloneType, such as SecurityGroupIngressRule).
func checkSecurityGroupRules(check *pack.ResourceCheck, direction, standaloneType string, checkRule ruleChecker) {
	props := check.Resource.Properties

	switch check.Resource.Type {
	case typeEC2SecurityGroup:
		blocks := props.Get(direction)
		if !check.Known(direction, blocks) {
			return
		}
		rules, _ := arrayValue(blocks)
		for i, rule := range rules {
			path := indexedPath(direction, i)
			if !check.Known(path, rule) {
				continue
			}
			if ruleObject, ok := mapValue(rule); ok {
				checkRule(check, path+".", ruleObject, "protocol", cidrListProperties)
			}
		}

	case typeEC2SecurityGroupRule:
		ruleType := props.Get("type")
		if !check.Known("type", ruleType) {
			return
		}
		if value, _ := stringValue(ruleType); value != direction {
			return
		}
		checkRule(check, "", props, "protocol", cidrListProperties)

	case standaloneType:
		checkRule(check, "", props, "ipProtocol", cidrSingleProperties)
	}
}

// publicRuleTraffic returns the public CIDRs of a rule, the paths of its unknown CIDRs, and the traffic
// it allows. ok is false when the rule names no public or unknown CIDR, or when its protocol or ports
// are unknown, which check records.
func publicRuleTraffic(check *pack.ResourceCheck, prefix string, rule property.Map, protocolKey string,
	cidrs []cidrProperty,
) (publicCIDRs, unknownCIDRs []string, traffic ruleTraffic, ok bool) {
	publicCIDRs, unknownCIDRs = publicCIDRsOf(rule, prefix, cidrs)
	if len(publicCIDRs) == 0 && len(unknownCIDRs) == 0 {
		return nil, nil, ruleTraffic{}, false
	}

	protocolValue := rule.Get(protocolKey)
	fromValue := rule.Get("fromPort")
	toValue := rule.Get("toPort")
	protocolKnown := check.Known(prefix+protocolKey, protocolValue)
	fromKnown := check.Known(prefix+"fromPort", fromValue)
	toKnown := check.Known(prefix+"toPort", toValue)
	if !protocolKnown || !fromKnown || !toKnown {
		return nil, nil, ruleTraffic{}, false
	}

	protocol, _ := stringValue(protocolValue)
	traffic.protocol = strings.ToLower(protocol)
	traffic.from, traffic.fromSet = numberValue(fromValue)
	traffic.to, traffic.toSet = numberValue(toValue)
	return publicCIDRs, unknownCIDRs, traffic, true
}
