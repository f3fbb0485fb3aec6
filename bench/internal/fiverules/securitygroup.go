package fiverules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

const (
	sshPort      = 22
	anyIPv4Range = "0.0.0.0/0"
)

func newSecurityGroupNoPublicSSH() *pack.Policy {
	return &pack.Policy{
		Name:             PolicySecurityGroupNoPublicSSH,
		Description:      "Security groups must not allow SSH (TCP port 22) from 0.0.0.0/0.",
		Rationale:        "SSH open to the internet invites password guessing and exploits of the SSH server.",
		RemediationSteps: "Allow port 22 only from known address ranges, or use Session Manager instead of SSH.",
		Severity:         pack.SeverityHigh,
		ResourceTypes:    []string{typeSecurityGroup, typeSecurityGroupRule, typeVPCSecurityGroupIngress},
		ValidateResource: validateSecurityGroupNoPublicSSH,
	}
}

func validateSecurityGroupNoPublicSSH(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	switch check.Resource.Type {
	case typeSecurityGroup:
		ingress := props.Get("ingress")
		if !check.Known("ingress", ingress) {
			return nil
		}
		for i, rule := range arrayValue(ingress) {
			object, ok := mapValue(rule)
			if ok {
				checkIngress(check, "ingress["+itoa(i)+"].", object, "protocol", "cidrBlocks")
			}
		}
	case typeSecurityGroupRule:
		kind := props.Get("type")
		if !check.Known("type", kind) {
			return nil
		}
		if name, _ := stringValue(kind); name == "ingress" {
			checkIngress(check, "", props, "protocol", "cidrBlocks")
		}
	case typeVPCSecurityGroupIngress:
		checkIngress(check, "", props, "ipProtocol", "cidrIpv4")
	}
	return nil
}

// checkIngress reports an ingress rule that admits 0.0.0.0/0 to TCP port 22. The address ranges at
// cidrKey are a list or a single string. Protocol "-1" or "all" covers every port, and "tcp" or
// "6" covers fromPort to toPort.
func checkIngress(check *pack.ResourceCheck, prefix string, rule property.Map, protocolKey, cidrKey string) {
	cidrs := rule.Get(cidrKey)
	if !check.FullyKnown(prefix+cidrKey, cidrs) {
		return
	}
	ranges := arrayValue(cidrs)
	if cidrs.IsString() {
		ranges = []property.Value{cidrs}
	}
	open := slices.ContainsFunc(ranges, func(cidr property.Value) bool {
		s, _ := stringValue(cidr)
		return s == anyIPv4Range
	})
	if !open {
		return
	}

	protocolValue := rule.Get(protocolKey)
	if !check.Known(prefix+protocolKey, protocolValue) {
		return
	}
	protocol, _ := stringValue(protocolValue)
	switch protocol {
	case "-1", "all":
		check.Report("%s%s is %s from %s, which includes SSH, expected no SSH from %s.",
			prefix, protocolKey, quote(protocol), anyIPv4Range, anyIPv4Range)
	case "tcp", "6":
		fromValue, toValue := rule.Get("fromPort"), rule.Get("toPort")
		if !check.Known(prefix+"fromPort", fromValue) || !check.Known(prefix+"toPort", toValue) {
			return
		}
		from, fromOK := numberValue(fromValue)
		to, toOK := numberValue(toValue)
		if fromOK && toOK && from <= sshPort && sshPort <= to {
			check.Report("%sfromPort %s to toPort %s admits SSH from %s, expected no SSH from %s.",
				prefix, ftoa(from), ftoa(to), anyIPv4Range, anyIPv4Range)
		}
	}
}
