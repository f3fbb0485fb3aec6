package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyEC2SecurityGroupDescriptions is the name of the policy that requires descriptions on security
// groups and their rules.
const PolicyEC2SecurityGroupDescriptions = "ec2-security-group-descriptions"

// securityGroupDefaultDescription is the description that pulumi-aws v6.83.4 gives a SecurityGroup
// that sets none.
const securityGroupDefaultDescription = "Managed by Pulumi"

// newEC2SecurityGroupDescriptions returns the policy that checks the description of security groups,
// of their inline ingress and egress blocks, and of standalone rules.
func newEC2SecurityGroupDescriptions() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2SecurityGroupDescriptions,
		Description: "Security groups and their rules should have descriptions that state their purpose.",
		Rationale: "A firewall review (PCI DSS 1.2.5 asks for the business reason of every allowed port) must " +
			"tell why each rule exists. Without a description, a rule that nobody can explain stays because " +
			"nobody dares to remove it.",
		RemediationSteps: "Set description on the security group to what it protects, and on each rule to the " +
			"traffic it admits and why, such as \"HTTPS from the Lambda functions\".",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "ec2", "network", "documentation", tagPCI + "1.1.6"},
		Framework:        pciControl("1.1.6", "Documentation of business justification for all services, protocols and ports allowed"),
		Waivable:         true,
		ResourceTypes: []string{typeEC2SecurityGroup, typeEC2SecurityGroupRule, typeVPCSecurityGroupIngressRule,
			typeVPCSecurityGroupEgressRule},
		ValidateResource: validateEC2SecurityGroupDescriptions,
	}
}

func validateEC2SecurityGroupDescriptions(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	description := props.Get("description")
	if check.Known("description", description) {
		text, _ := stringValue(description)
		switch {
		case text == "":
			check.Report("description is %s, expected a description of the %s's purpose.", describeValue(description),
				describedThing(check.Resource.Type))
		case text == securityGroupDefaultDescription && check.Resource.Type == typeEC2SecurityGroup:
			check.Report("description is the provider default %q, expected a description of the security group's purpose.",
				text)
		}
	}
	if check.Resource.Type != typeEC2SecurityGroup {
		return nil
	}

	for _, direction := range []string{"ingress", "egress"} {
		blocks := props.Get(direction)
		if !check.Known(direction, blocks) {
			continue
		}
		rules, _ := arrayValue(blocks)
		for i, rule := range rules {
			path := indexedPath(direction, i) + ".description"
			value := valueAt(rule, "description")
			if !check.Known(path, value) {
				continue
			}
			if !isSetString(value) {
				check.Report("%s is %s, expected a description of the traffic the rule admits.", path, describeValue(value))
			}
		}
	}
	return nil
}

// describedThing names the kind of resource for a message of ec2-security-group-descriptions.
func describedThing(resourceType string) string {
	if resourceType == typeEC2SecurityGroup {
		return "security group"
	}
	return "rule"
}
