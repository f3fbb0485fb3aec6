package rules

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PolicyEC2NoPublicIngress is the name of the policy that rejects security group ingress from the
// whole internet except HTTPS.
const PolicyEC2NoPublicIngress = "ec2-no-public-ingress"

// publicIngressAllowedPort is the only port that may be open to 0.0.0.0/0 or ::/0: HTTPS over TCP,
// or HTTP/3 over UDP.
const publicIngressAllowedPort = 443

// cidrProperty is a property of an ingress rule that contains source CIDRs, either as a list or as a
// single string.
type cidrProperty struct {
	name string
	list bool
}

// CIDR properties of the inline ingress blocks of SecurityGroup and of SecurityGroupRule.
var cidrListProperties = []cidrProperty{{name: "cidrBlocks", list: true}, {name: "ipv6CidrBlocks", list: true}}

// CIDR properties of SecurityGroupIngressRule.
var cidrSingleProperties = []cidrProperty{{name: "cidrIpv4"}, {name: "cidrIpv6"}}

// newEC2NoPublicIngress returns the policy that guards security groups against ingress from the
// internet.
//
// A rule that opens a port other than 443 to 0.0.0.0/0 or ::/0 exposes SSH, databases or internal
// services to every scanner on the internet. The policy checks the inline ingress blocks of
// SecurityGroup and the standalone SecurityGroupRule (type ingress) and SecurityGroupIngressRule
// resources. Any CIDR with a prefix length of 0 counts as the whole internet.
func newEC2NoPublicIngress() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(PolicyEC2NoPublicIngress, policyx.ResourceValidationPolicyArgs{
		Description:      "Security groups must not allow ingress from 0.0.0.0/0 or ::/0 on any port other than 443.",
		EnforcementLevel: policyx.EnforcementLevelMandatory,
		ValidateResource: validateEC2NoPublicIngress,
	})
}

func validateEC2NoPublicIngress(_ context.Context, args policyx.ResourceValidationArgs) error {
	props := args.Resource.Properties

	switch args.Resource.Type {
	case typeEC2SecurityGroup:
		ingress := props.Get("ingress")
		// Unknown rules are known at update time, when the engine validates the resource again.
		if ingress.IsComputed() {
			return nil
		}
		rules, _ := arrayValue(ingress)
		for i, rule := range rules {
			ruleObject, ok := mapValue(rule)
			if !ok {
				// Also covers an unknown rule, which is checked again at update time.
				continue
			}
			checkIngressRule(args, indexedPath("ingress", i)+".", ruleObject, "protocol", cidrListProperties)
		}

	case typeEC2SecurityGroupRule:
		ruleType := props.Get("type")
		// An unknown type is known at update time, when the engine validates the resource again.
		if ruleType.IsComputed() {
			return nil
		}
		if value, _ := stringValue(ruleType); value != "ingress" {
			return nil
		}
		checkIngressRule(args, "", props, "protocol", cidrListProperties)

	case typeVPCSecurityGroupIngressRule:
		checkIngressRule(args, "", props, "ipProtocol", cidrSingleProperties)
	}
	return nil
}

// checkIngressRule reports each public CIDR of one ingress rule that opens more than port 443.
// prefix starts the property names in messages, and protocolKey names the protocol property.
func checkIngressRule(
	args policyx.ResourceValidationArgs, prefix string, rule property.Map, protocolKey string, cidrs []cidrProperty,
) {
	publicCIDRs := publicCIDRsOf(rule, prefix, cidrs)
	if len(publicCIDRs) == 0 {
		return
	}

	protocolValue := rule.Get(protocolKey)
	fromValue := rule.Get("fromPort")
	toValue := rule.Get("toPort")
	// Unknown ports or protocol are known at update time, when the engine validates the resource again.
	if protocolValue.IsComputed() || fromValue.IsComputed() || toValue.IsComputed() {
		return
	}

	protocol, _ := stringValue(protocolValue)
	protocol = strings.ToLower(protocol)
	from, fromSet := numberValue(fromValue)
	to, toSet := numberValue(toValue)
	if isAllowedPublicIngress(protocol, from, fromSet, to, toSet) {
		return
	}

	traffic := describeIngressTraffic(protocol, from, fromSet, to, toSet)
	for _, cidr := range publicCIDRs {
		reportViolation(args, "%s for %s, expected ingress from the internet only on port %d.",
			cidr, traffic, publicIngressAllowedPort)
	}
}

// publicCIDRsOf returns, for each CIDR property of rule that contains a public CIDR, the start of a
// violation message such as `ingress[0].cidrBlocks contains "0.0.0.0/0"`. Unknown CIDRs are skipped,
// because they are known at update time, when the engine validates the resource again.
func publicCIDRsOf(rule property.Map, prefix string, cidrs []cidrProperty) []string {
	var found []string
	for _, source := range cidrs {
		value := rule.Get(source.name)
		if !source.list {
			if cidr, ok := stringValue(value); ok && isWholeInternet(cidr) {
				found = append(found, fmt.Sprintf("%s%s is %s", prefix, source.name, describeValue(value)))
			}
			continue
		}

		elements, _ := arrayValue(value)
		for _, element := range elements {
			if cidr, ok := stringValue(element); ok && isWholeInternet(cidr) {
				found = append(found, fmt.Sprintf("%s%s contains %s", prefix, source.name, describeValue(element)))
			}
		}
	}
	return found
}

// isWholeInternet reports whether cidr is an IPv4 or IPv6 prefix of length 0, such as 0.0.0.0/0.
func isWholeInternet(cidr string) bool {
	prefix, err := netip.ParsePrefix(strings.TrimSpace(cidr))
	return err == nil && prefix.Bits() == 0
}

// isAllowedPublicIngress reports whether the rule opens exactly port 443 over TCP or UDP.
func isAllowedPublicIngress(protocol string, from float64, fromSet bool, to float64, toSet bool) bool {
	switch protocol {
	case "tcp", "6", "udp", "17":
		return fromSet && toSet && from == publicIngressAllowedPort && to == publicIngressAllowedPort
	default:
		return false
	}
}

// describeIngressTraffic formats the protocol and ports of a rule for a violation message.
func describeIngressTraffic(protocol string, from float64, fromSet bool, to float64, toSet bool) string {
	switch {
	case protocol == "-1" || protocol == "all":
		return "all protocols and ports"
	case !fromSet || !toSet:
		return fmt.Sprintf("protocol %q on all ports", protocol)
	case from == to:
		return fmt.Sprintf("protocol %q port %g", protocol, from)
	default:
		return fmt.Sprintf("protocol %q ports %g-%g", protocol, from, to)
	}
}
