package rules

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
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
// internet. It checks the inline ingress blocks of SecurityGroup and the standalone
// SecurityGroupRule (type ingress) and SecurityGroupIngressRule resources. Any CIDR with a prefix
// length of 0 counts as the whole internet.
func newEC2NoPublicIngress() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2NoPublicIngress,
		Description: "Security groups must not allow ingress from 0.0.0.0/0 or ::/0 on any port other than 443.",
		Rationale: "A rule that opens a port other than 443 to 0.0.0.0/0 or ::/0 exposes SSH, databases or " +
			"internal services to every scanner on the internet.",
		RemediationSteps: "Limit the rule's source to the CIDRs or security groups that need access, or put the " +
			"service behind a load balancer or API that listens on 443. Use Session Manager instead of SSH.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags:             []string{"aws", "ec2", "network", "public-exposure", tagHIPAA + "164.312(e)(1)", tagPCI + "1.2.1"},
		Framework:        pciControl("1.2.1", "Restrict inbound and outbound traffic to that which is necessary"),
		ResourceTypes:    []string{typeEC2SecurityGroup, typeEC2SecurityGroupRule, typeVPCSecurityGroupIngressRule},
		ValidateResource: validateEC2NoPublicIngress,
	}
}

func validateEC2NoPublicIngress(_ context.Context, check *pack.ResourceCheck) error {
	checkSecurityGroupRules(check, "ingress", typeVPCSecurityGroupIngressRule, checkIngressRule)
	return nil
}

// checkIngressRule reports each public CIDR of one ingress rule that opens more than port 443.
func checkIngressRule(
	check *pack.ResourceCheck, prefix string, rule property.Map, protocolKey string, cidrs []cidrProperty,
) {
	publicCIDRs, unknownCIDRs, t, ok := publicRuleTraffic(check, prefix, rule, protocolKey, cidrs)
	if !ok {
		return
	}
	protocol, from, fromSet, to, toSet := t.protocol, t.from, t.fromSet, t.to, t.toSet
	if isAllowedPublicIngress(protocol, from, fromSet, to, toSet) {
		return
	}

	for _, path := range unknownCIDRs {
		check.Unknown(path)
	}
	traffic := describeIngressTraffic(protocol, from, fromSet, to, toSet)
	for _, cidr := range publicCIDRs {
		check.Report("%s for %s, expected ingress from the internet only on port %d.",
			cidr, traffic, publicIngressAllowedPort)
	}
}

// publicCIDRsOf returns, for each CIDR property of rule that contains a public CIDR, the start of a
// violation message such as `ingress[0].cidrBlocks contains "0.0.0.0/0"`, and the paths of the CIDRs
// that are unknown.
func publicCIDRsOf(rule property.Map, prefix string, cidrs []cidrProperty) (public, unknown []string) {
	for _, source := range cidrs {
		path := prefix + source.name
		value := rule.Get(source.name)
		if value.IsComputed() {
			unknown = append(unknown, path)
			continue
		}
		if !source.list {
			if cidr, ok := stringValue(value); ok && isWholeInternet(cidr) {
				public = append(public, fmt.Sprintf("%s is %s", path, describeValue(value)))
			}
			continue
		}

		elements, _ := arrayValue(value)
		for i, element := range elements {
			if element.IsComputed() {
				unknown = append(unknown, indexedPath(path, i))
				continue
			}
			if cidr, ok := stringValue(element); ok && isWholeInternet(cidr) {
				public = append(public, fmt.Sprintf("%s contains %s", path, describeValue(element)))
			}
		}
	}
	return public, unknown
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
