package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyEC2DefaultSecurityGroupClosed is the name of the policy that recommends no rules in a
// managed default security group.
const PolicyEC2DefaultSecurityGroupClosed = "ec2-default-security-group-closed"

// newEC2DefaultSecurityGroupClosed returns the policy that checks the ingress and egress rules of a
// DefaultSecurityGroup. Managing the resource without rules removes the rules AWS creates, which is
// how a stack closes the default group.
func newEC2DefaultSecurityGroupClosed() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2DefaultSecurityGroupClosed,
		Description: "A managed default security group should have no ingress or egress rules.",
		Rationale: "Resources launched without a security group land in the VPC's default group. With no rules " +
			"it isolates them, instead of letting them talk to everything else that fell into it and to the internet.",
		RemediationSteps: "Remove the ingress and egress arguments of the DefaultSecurityGroup, and give each " +
			"resource a security group of its own.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "ec2", "network", tagHIPAA + "164.312(e)(1)", tagPCI + "1.2"},
			withPrefix(tagCheckov, "CKV2_AWS_12"),
			withPrefix(tagCDKNag, "VPCDefaultSecurityGroupClosed"),
		),
		Framework:        pciControl("1.2", "Restrict connections between untrusted networks and the cardholder data environment"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeEC2DefaultSecurityGroup},
		ValidateResource: validateEC2DefaultSecurityGroupClosed,
	}
}

func validateEC2DefaultSecurityGroupClosed(_ context.Context, check *pack.ResourceCheck) error {
	for _, direction := range []string{"ingress", "egress"} {
		rules := check.Resource.Properties.Get(direction)
		if !check.Known(direction, rules) {
			continue
		}
		if elements, _ := arrayValue(rules); len(elements) > 0 {
			check.Report("%s lists %d rule(s), expected none.", direction, len(elements))
		}
	}
	return nil
}
