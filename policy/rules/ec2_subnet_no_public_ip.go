package rules

import (
	"context"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyEC2SubnetNoPublicIP is the name of the policy that keeps subnets other than designated public
// subnets from assigning public IP addresses.
const PolicyEC2SubnetNoPublicIP = "ec2-subnet-no-public-ip"

// Tag that designates a subnet or route table as public. The awsx VPC component sets it on every
// subnet and route table it creates, with the values "Public", "Private" and "Isolated".
const (
	subnetTypeTag    = "SubnetType"
	publicSubnetType = "public"
)

// newEC2SubnetNoPublicIP returns the policy that checks mapPublicIpOnLaunch on subnets. A subnet whose
// SubnetType tag is "Public" (in any case) may set it, because the awsx VPC component designates its
// internet-facing subnets so.
func newEC2SubnetNoPublicIP() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2SubnetNoPublicIP,
		Description: "Subnets should not assign public IP addresses on launch, except designated public subnets.",
		Rationale: "A subnet that maps public IP addresses puts every network interface created in it, including " +
			"those of functions and endpoints, on the internet, where only the security groups stand between " +
			"it and inbound traffic.",
		RemediationSteps: "Set mapPublicIpOnLaunch to false, or tag the subnet SubnetType=Public if it is meant " +
			"to hold internet-facing resources such as NAT gateways.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: []string{"aws", "vpc", "network", tagHIPAA + "164.312(e)(1)", tagPCI + "1.3.4",
			tagCheckov + "CKV_AWS_130"},
		Framework:        pciControl("1.3.4", "Do not allow unauthorized outbound traffic from the cardholder data environment"),
		Waivable:         true,
		ResourceTypes:    []string{typeEC2Subnet},
		ValidateResource: validateEC2SubnetNoPublicIP,
	}
}

func validateEC2SubnetNoPublicIP(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	mapPublic := props.Get("mapPublicIpOnLaunch")
	if !check.Known("mapPublicIpOnLaunch", mapPublic) {
		return nil
	}
	if enabled, _ := boolValue(mapPublic); !enabled {
		return nil
	}

	tags := props.Get("tags")
	if !check.FullyKnown("tags", tags) {
		return nil
	}
	if isPublicSubnetType(tags) {
		return nil
	}
	check.Report("mapPublicIpOnLaunch is true and tag %s is %s, expected false, or tag %s=Public on a designated "+
		"public subnet.", subnetTypeTag, describeValue(valueAt(tags, subnetTypeTag)), subnetTypeTag)
	return nil
}

// isPublicSubnetType reports whether a tags map designates a public subnet or route table.
func isPublicSubnetType(tags property.Value) bool {
	value, _ := stringValue(valueAt(tags, subnetTypeTag))
	return strings.EqualFold(value, publicSubnetType)
}
