package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyEC2InternetRoutePublicSubnets is the name of the stack policy that allows default routes to an
// internet gateway only in the route tables of designated public subnets.
const PolicyEC2InternetRoutePublicSubnets = "ec2-internet-route-public-subnets"

// Destinations of a default route.
const (
	defaultRouteIPv4 = "0.0.0.0/0"
	defaultRouteIPv6 = "::/0"
)

// internetGatewayIDPrefix starts the id of an internet gateway, as in igw-0123456789abcdef0.
const internetGatewayIDPrefix = "igw-"

// newEC2InternetRoutePublicSubnets returns the stack policy that finds each default route (0.0.0.0/0
// or ::/0) to an internet gateway, as a Route or an inline route of a RouteTable, follows the route
// table's RouteTableAssociations to their subnets, and reports each subnet that is not tagged
// SubnetType=Public (see ec2-subnet-no-public-ip).
//
// NOTE: a route table that no association of the stack names, such as a VPC's main route table,
// applies to the subnets without an explicit association, which the policy cannot see.
func newEC2InternetRoutePublicSubnets() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2InternetRoutePublicSubnets,
		Description: "Default routes to an internet gateway should exist only in the route tables of designated public subnets.",
		Rationale: "A default route to the internet gateway makes a subnet public: its interfaces with public " +
			"addresses become reachable from the internet, and traffic bypasses the NAT gateway and its flow " +
			"logs. Private and isolated subnets that hold functions and endpoints must not have one.",
		RemediationSteps: "Route 0.0.0.0/0 of private subnets to a NAT gateway and give isolated subnets no default " +
			"route. Keep the internet gateway route in the route table of subnets tagged SubnetType=Public.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityHigh,
		Tags:             []string{"aws", "vpc", "network", tagHIPAA + "164.312(e)(1)", tagPCI + "1.3.1"},
		Framework:        pciControl("1.3.1", "Implement a DMZ to limit inbound traffic"),
		Waivable:         true,
		ResourceTypes: []string{typeEC2Route, typeEC2RouteTable, typeEC2RouteTableAssociation, typeEC2Subnet,
			typeEC2InternetGateway},
		ValidateStack: validateEC2InternetRoutePublicSubnets,
	}
}

func validateEC2InternetRoutePublicSubnets(_ context.Context, check *pack.StackCheck) error {
	gateways := check.OfType(typeEC2InternetGateway)

	for _, route := range check.OfType(typeEC2Route) {
		if !isDefaultDestination(route.Properties.Get("destinationCidrBlock"), route.Properties.Get("destinationIpv6CidrBlock")) {
			continue
		}
		gateway := route.Properties.Get("gatewayId")
		toGateway := targetsInternetGateway(gateway, route.PropertyDependencies["gatewayId"], gateways)
		if !toGateway && gateway.IsComputed() && len(route.PropertyDependencies["gatewayId"]) == 0 {
			check.Unknown(route, "gatewayId")
			continue
		}
		if !toGateway {
			continue
		}
		associations := associationsOf(check, route.Properties.Get("routeTableId"), route.PropertyDependencies["routeTableId"])
		reportPrivateSubnets(check, route, associations)
	}

	for _, table := range check.OfType(typeEC2RouteTable) {
		routes, _ := arrayValue(table.Properties.Get("routes"))
		for _, inline := range routes {
			if !isDefaultDestination(valueAt(inline, "cidrBlock"), valueAt(inline, "ipv6CidrBlock")) {
				continue
			}
			if !targetsInternetGateway(valueAt(inline, "gatewayId"), table.PropertyDependencies["routes"], gateways) {
				continue
			}
			associations := associationsOf(check, tableID(table), []string{table.URN})
			reportPrivateSubnets(check, table, associations)
			break
		}
	}
	return nil
}

// isDefaultDestination reports whether an IPv4 or IPv6 destination of a route is the default route.
func isDefaultDestination(ipv4, ipv6 property.Value) bool {
	v4, _ := stringValue(ipv4)
	v6, _ := stringValue(ipv6)
	return v4 == defaultRouteIPv4 || v6 == defaultRouteIPv6
}

// targetsInternetGateway reports whether a route's gatewayId is an internet gateway: a known igw- id,
// or a value built from an InternetGateway of the stack.
func targetsInternetGateway(gateway property.Value, dependencies []string, gateways []pack.Resource) bool {
	if id, ok := stringValue(gateway); ok && strings.HasPrefix(id, internetGatewayIDPrefix) {
		return true
	}
	return slices.ContainsFunc(gateways, func(igw pack.Resource) bool { return slices.Contains(dependencies, igw.URN) })
}

// tableID returns a route table's id from its arn output, or a null value while it is unknown.
func tableID(table pack.Resource) property.Value {
	arn, ok := stringValue(table.Properties.Get("arn"))
	if !ok || !strings.Contains(arn, "/") {
		return property.Value{}
	}
	return property.New(arn[strings.LastIndex(arn, "/")+1:])
}

// associationsOf returns the RouteTableAssociations of a route table, given as its id or as the URNs
// its id came from.
func associationsOf(check *pack.StackCheck, id property.Value, sources []string) []pack.Resource {
	text, _ := stringValue(id)
	var found []pack.Resource
	for _, association := range check.OfType(typeEC2RouteTableAssociation) {
		dependencies := association.PropertyDependencies["routeTableId"]
		value, _ := stringValue(association.Properties.Get("routeTableId"))
		if (text != "" && value == text) || slices.ContainsFunc(sources, func(urn string) bool {
			return slices.Contains(dependencies, urn)
		}) {
			found = append(found, association)
		}
	}
	return found
}

// reportPrivateSubnets reports on route each subnet of the associations that is not tagged
// SubnetType=Public.
func reportPrivateSubnets(check *pack.StackCheck, route pack.Resource, associations []pack.Resource) {
	for _, association := range associations {
		subnetID, _ := stringValue(association.Properties.Get("subnetId"))
		for _, subnet := range check.OfType(typeEC2Subnet) {
			built := slices.Contains(association.PropertyDependencies["subnetId"], subnet.URN)
			arn, _ := stringValue(subnet.Properties.Get("arn"))
			named := subnetID != "" && strings.HasSuffix(arn, "/"+subnetID)
			if !built && !named {
				continue
			}
			tags := subnet.Properties.Get("tags")
			if !check.Known(subnet, "tags", tags) || isPublicSubnetType(tags) {
				continue
			}
			check.Report(route, "the default route to an internet gateway serves subnet %q, whose tag %s is %s, "+
				"expected it only in route tables of subnets tagged %s=Public.", subnet.Name, subnetTypeTag,
				describeValue(valueAt(tags, subnetTypeTag)), subnetTypeTag)
		}
	}
}
