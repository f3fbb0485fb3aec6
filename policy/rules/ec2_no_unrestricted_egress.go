package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyEC2NoUnrestrictedEgress is the name of the policy that rejects security group egress to the
// whole internet on all protocols or all ports.
const PolicyEC2NoUnrestrictedEgress = "ec2-no-unrestricted-egress"

// maxPort is the highest TCP and UDP port.
const maxPort = 65535

// newEC2NoUnrestrictedEgress returns the policy that guards security groups against egress to
// 0.0.0.0/0 or ::/0 on all protocols, or on every port of a protocol. Egress to the internet on named
// ports, such as HTTPS through a NAT gateway, passes. It checks the inline egress blocks of
// SecurityGroup and the standalone SecurityGroupRule (type egress) and SecurityGroupEgressRule
// resources.
func newEC2NoUnrestrictedEgress() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2NoUnrestrictedEgress,
		Description: "Security groups should not allow egress to 0.0.0.0/0 or ::/0 on all protocols or all ports.",
		Rationale: "Unrestricted egress lets compromised code send data to any host on the internet on any port, " +
			"and reach command-and-control servers over protocols that no proxy or firewall inspects.",
		RemediationSteps: "Limit the egress rule to the ports the workload needs, such as TCP 443, and prefer " +
			"destinations named by a security group, a prefix list or a VPC endpoint over 0.0.0.0/0.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "ec2", "network", tagPCI + "1.2.1"},
		Framework:        pciControl("1.2.1", "Restrict inbound and outbound traffic to that which is necessary"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeEC2SecurityGroup, typeEC2SecurityGroupRule, typeVPCSecurityGroupEgressRule},
		ValidateResource: validateEC2NoUnrestrictedEgress,
	}
}

func validateEC2NoUnrestrictedEgress(_ context.Context, check *pack.ResourceCheck) error {
	checkSecurityGroupRules(check, "egress", typeVPCSecurityGroupEgressRule, checkEgressRule)
	return nil
}

// checkEgressRule reports each public CIDR of one egress rule that allows all protocols or all ports.
func checkEgressRule(
	check *pack.ResourceCheck, prefix string, rule property.Map, protocolKey string, cidrs []cidrProperty,
) {
	publicCIDRs, unknownCIDRs, t, ok := publicRuleTraffic(check, prefix, rule, protocolKey, cidrs)
	if !ok {
		return
	}
	protocol, from, fromSet, to, toSet := t.protocol, t.from, t.fromSet, t.to, t.toSet
	if !isUnrestrictedTraffic(protocol, from, fromSet, to, toSet) {
		return
	}

	for _, path := range unknownCIDRs {
		check.Unknown(path)
	}
	traffic := describeIngressTraffic(protocol, from, fromSet, to, toSet)
	for _, cidr := range publicCIDRs {
		check.Report("%s for %s, expected egress to the internet only on the ports the workload needs.", cidr, traffic)
	}
}

// isUnrestrictedTraffic reports whether a rule covers all protocols, or every port of TCP or UDP. A
// TCP or UDP rule without ports covers every port.
func isUnrestrictedTraffic(protocol string, from float64, fromSet bool, to float64, toSet bool) bool {
	switch protocol {
	case "-1", "all":
		return true
	case "tcp", "6", "udp", "17":
		return !fromSet || !toSet || (from <= 0 && to >= maxPort)
	default:
		return false
	}
}
