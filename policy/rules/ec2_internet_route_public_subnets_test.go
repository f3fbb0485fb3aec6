package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestEC2InternetRoutePublicSubnets(t *testing.T) {
	igw := stackResource(typeEC2InternetGateway, "vpc-igw", propsOf(map[string]property.Value{"vpcId": property.New("vpc-1")}))
	subnet := func(name string, tags property.Value) pack.Resource {
		return stackResource(typeEC2Subnet, name, propsOf(map[string]property.Value{"tags": tags}))
	}
	typed := func(subnetType string) property.Value {
		return objectValue(map[string]property.Value{"SubnetType": property.New(subnetType)})
	}
	public, private := subnet("public-1", typed("Public")), subnet("private-1", typed("Private"))
	table := stackResource(typeEC2RouteTable, "table-1", propsOf(map[string]property.Value{"vpcId": property.New("vpc-1")}))
	association := func(subnet pack.Resource) pack.Resource {
		resource := stackResource(typeEC2RouteTableAssociation, subnet.Name+"-association", propsOf(map[string]property.Value{
			"routeTableId": unknownValue(), "subnetId": unknownValue(),
		}))
		return dependingOn(dependingOn(resource, "routeTableId", table), "subnetId", subnet)
	}
	route := func(gateway property.Value) pack.Resource {
		resource := stackResource(typeEC2Route, "table-1-default", propsOf(map[string]property.Value{
			"routeTableId": unknownValue(), "destinationCidrBlock": property.New("0.0.0.0/0"), "gatewayId": gateway,
		}))
		return dependingOn(resource, "routeTableId", table)
	}
	builtRoute := dependingOn(route(unknownValue()), "gatewayId", igw)
	natRoute := route(property.New("nat-0123456789abcdef0"))
	inlineTable := stackResource(typeEC2RouteTable, "inline-table", propsOf(map[string]property.Value{
		"arn": property.New("arn:aws:ec2:eu-west-1:111122223333:route-table/rtb-0abc"),
		"routes": listValue(objectValue(map[string]property.Value{
			"cidrBlock": property.New("0.0.0.0/0"), "gatewayId": property.New("igw-0abc"),
		})),
	}))
	inlineAssociation := dependingOn(stackResource(typeEC2RouteTableAssociation, "inline-association",
		propsOf(map[string]property.Value{"routeTableId": property.New("rtb-0abc"), "subnetId": unknownValue()})),
		"subnetId", private)

	runStackCases(t, newEC2InternetRoutePublicSubnets(), []stackCase{
		{name: "igw route of public subnet", kind: caseCompliant,
			resources: []pack.Resource{igw, public, table, association(public), builtRoute}},
		{name: "nat route of private subnet", kind: caseCompliant,
			resources: []pack.Resource{igw, private, table, association(private), natRoute}},
		{name: "igw route of private subnet", kind: caseViolation,
			resources: []pack.Resource{igw, private, table, association(private), builtRoute},
			want: []string{`table-1-default: the default route to an internet gateway serves subnet "private-1", whose ` +
				`tag SubnetType is "Private", expected it only in route tables of subnets tagged SubnetType=Public.`}},
		{name: "inline igw route of private subnet", kind: caseViolation,
			resources: []pack.Resource{private, inlineTable, inlineAssociation},
			want: []string{`inline-table: the default route to an internet gateway serves subnet "private-1", whose ` +
				`tag SubnetType is "Private", expected it only in route tables of subnets tagged SubnetType=Public.`}},
		{name: "no routes", kind: caseOtherType, resources: []pack.Resource{igw, public}},
		{name: "unknown gateway", kind: caseUnknown,
			resources:   []pack.Resource{igw, private, table, association(private), route(unknownValue())},
			wantUnknown: []string{"table-1-default: gatewayId"}},
	})
}
