package fakeaws

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// defaultFlowLogFormat is the record format AWS uses for a flow log created without logFormat.
const defaultFlowLogFormat = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} " +
	"${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"

func init() {
	register("aws:ec2/vpc:Vpc", &typeSpec{
		defaults: resource.PropertyMap{
			"enableDnsSupport": resource.NewBoolProperty(true),
			"instanceTenancy":  resource.NewStringProperty("default"),
		},
		taggable: true,
		id:       ec2IDFunc("vpc"),
		computed: func(c *resourceContext) resource.PropertyMap {
			defaultRouteTable := c.relatedEC2ID("rtb", "main route table")
			cidr := "10.0.0.0/16"
			if length, ok := numberValue(c.inputs, "ipv4NetmaskLength"); ok {
				cidr = fmt.Sprintf("10.0.0.0/%d", int(length))
			}
			return resource.PropertyMap{
				"arn":                              resource.NewStringProperty(c.ec2ARN("vpc")),
				"cidrBlock":                        resource.NewStringProperty(cidr),
				"defaultNetworkAclId":              resource.NewStringProperty(c.relatedEC2ID("acl", "default network ACL")),
				"defaultRouteTableId":              resource.NewStringProperty(defaultRouteTable),
				"defaultSecurityGroupId":           resource.NewStringProperty(c.relatedEC2ID("sg", "default security group")),
				"dhcpOptionsId":                    resource.NewStringProperty(c.relatedEC2ID("dopt", "DHCP options")),
				"enableDnsHostnames":               resource.NewBoolProperty(false),
				"enableNetworkAddressUsageMetrics": resource.NewBoolProperty(false),
				"ipv6AssociationId":                resource.NewStringProperty(""),
				"ipv6CidrBlock":                    resource.NewStringProperty(""),
				"ipv6CidrBlockNetworkBorderGroup":  resource.NewStringProperty(""),
				"mainRouteTableId":                 resource.NewStringProperty(defaultRouteTable),
				"ownerId":                          resource.NewStringProperty(c.model.AccountID),
			}
		},
	})

	register("aws:ec2/subnet:Subnet", &typeSpec{
		required: []string{"vpcId"},
		defaults: resource.PropertyMap{
			"assignIpv6AddressOnCreation":             resource.NewBoolProperty(false),
			"enableDns64":                             resource.NewBoolProperty(false),
			"enableResourceNameDnsAaaaRecordOnLaunch": resource.NewBoolProperty(false),
			"enableResourceNameDnsARecordOnLaunch":    resource.NewBoolProperty(false),
			"ipv6Native":                              resource.NewBoolProperty(false),
			"mapPublicIpOnLaunch":                     resource.NewBoolProperty(false),
		},
		taggable: true,
		id:       ec2IDFunc("subnet"),
		computed: func(c *resourceContext) resource.PropertyMap {
			zone := valueOr(c.str("availabilityZone"), c.model.Region+"a")
			zoneID := unknown()
			if !c.unknownInput("availabilityZone") {
				zoneID = resource.NewStringProperty(zoneIDFor(c.model.Region, zone))
			}
			return resource.PropertyMap{
				"arn":                            resource.NewStringProperty(c.ec2ARN("subnet")),
				"availabilityZone":               resource.NewStringProperty(zone),
				"availabilityZoneId":             zoneID,
				"ipv6CidrBlockAssociationId":     resource.NewStringProperty(""),
				"ownerId":                        resource.NewStringProperty(c.model.AccountID),
				"privateDnsHostnameTypeOnLaunch": resource.NewStringProperty("ip-name"),
			}
		},
	})

	register("aws:ec2/routeTable:RouteTable", &typeSpec{
		required: []string{"vpcId"},
		taggable: true,
		id:       ec2IDFunc("rtb"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":             resource.NewStringProperty(c.ec2ARN("route-table")),
				"ownerId":         resource.NewStringProperty(c.model.AccountID),
				"propagatingVgws": resource.NewArrayProperty(nil),
				"routes":          resource.NewArrayProperty(nil),
			}
		},
	})

	register("aws:ec2/routeTableAssociation:RouteTableAssociation", &typeSpec{
		required: []string{"routeTableId"},
		id:       ec2IDFunc("rtbassoc"),
	})

	register("aws:ec2/route:Route", &typeSpec{
		required: []string{"routeTableId"},
		// Terraform builds a route id from the route table id and a CRC-32 of the destination.
		id: func(c *resourceContext) (string, error) {
			table := c.str("routeTableId")
			if table == "" {
				return "", fmt.Errorf("missing required input %q", "routeTableId")
			}
			destination := c.str("destinationCidrBlock") + c.str("destinationIpv6CidrBlock") +
				c.str("destinationPrefixListId")
			return "r-" + table + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(destination))), 10), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"instanceOwnerId": resource.NewStringProperty(""),
				"origin":          resource.NewStringProperty("CreateRoute"),
				"state":           resource.NewStringProperty("active"),
			}
		},
	})

	register("aws:ec2/securityGroup:SecurityGroup", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 255},
		defaults: resource.PropertyMap{
			"description":         resource.NewStringProperty("Managed by Pulumi"),
			"revokeRulesOnDelete": resource.NewBoolProperty(false),
		},
		taggable: true,
		id:       ec2IDFunc("sg"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":     resource.NewStringProperty(c.ec2ARN("security-group")),
				"egress":  resource.NewArrayProperty(nil),
				"ingress": resource.NewArrayProperty(nil),
				"name":    resource.NewStringProperty(generatedName(valueOr(c.str("namePrefix"), "terraform-"), c.seed()...)),
				"ownerId": resource.NewStringProperty(c.model.AccountID),
				"vpcId":   resource.NewStringProperty(defaultVpcID(c)),
			}
		},
	})

	register("aws:ec2/securityGroupRule:SecurityGroupRule", &typeSpec{
		required: []string{"fromPort", "protocol", "securityGroupId", "toPort", "type"},
		defaults: resource.PropertyMap{"self": resource.NewBoolProperty(false)},
		id: func(c *resourceContext) (string, error) {
			return "sgrule-" + deriveDigits(10, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"securityGroupRuleId": resource.NewStringProperty(c.relatedEC2ID("sgr", "rule")),
			}
		},
	})

	for _, typ := range []string{
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
	} {
		register(typ, &typeSpec{
			required: []string{"ipProtocol", "securityGroupId"},
			taggable: true,
			id:       ec2IDFunc("sgr"),
			computed: func(c *resourceContext) resource.PropertyMap {
				return resource.PropertyMap{
					"arn":                 resource.NewStringProperty(c.ec2ARN("security-group-rule")),
					"securityGroupRuleId": resource.NewStringProperty(c.id),
				}
			},
		})
	}

	register("aws:ec2/vpcEndpoint:VpcEndpoint", &typeSpec{
		required: []string{"serviceName", "vpcId"},
		defaults: resource.PropertyMap{"vpcEndpointType": resource.NewStringProperty("Gateway")},
		taggable: true,
		id:       ec2IDFunc("vpce"),
		computed: func(c *resourceContext) resource.PropertyMap {
			prefixList := resource.NewStringProperty("")
			if valueOr(c.str("vpcEndpointType"), "Gateway") == "Gateway" {
				prefixList = resource.NewStringProperty("pl-" + deriveHex(8, c.str("serviceName")))
			}
			return resource.PropertyMap{
				"arn":                 resource.NewStringProperty(c.ec2ARN("vpc-endpoint")),
				"cidrBlocks":          resource.NewArrayProperty(nil),
				"dnsEntries":          resource.NewArrayProperty(nil),
				"ipAddressType":       resource.NewStringProperty("ipv4"),
				"networkInterfaceIds": resource.NewArrayProperty(nil),
				"ownerId":             resource.NewStringProperty(c.model.AccountID),
				"policy":              resource.NewStringProperty(fullAccessEndpointPolicy),
				"prefixListId":        prefixList,
				"privateDnsEnabled":   resource.NewBoolProperty(false),
				"requesterManaged":    resource.NewBoolProperty(false),
				"routeTableIds":       resource.NewArrayProperty(nil),
				"securityGroupIds":    resource.NewArrayProperty(nil),
				"state":               resource.NewStringProperty("available"),
				"subnetIds":           resource.NewArrayProperty(nil),
			}
		},
	})

	register("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", &typeSpec{
		defaults: resource.PropertyMap{"revokeRulesOnDelete": resource.NewBoolProperty(false)},
		taggable: true,
		id:       ec2IDFunc("sg"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":         resource.NewStringProperty(c.ec2ARN("security-group")),
				"description": resource.NewStringProperty("default VPC security group"),
				"egress":      resource.NewArrayProperty(nil),
				"ingress":     resource.NewArrayProperty(nil),
				"name":        resource.NewStringProperty("default"),
				"ownerId":     resource.NewStringProperty(c.model.AccountID),
				"vpcId":       resource.NewStringProperty(defaultVpcID(c)),
			}
		},
	})

	register("aws:ec2/flowLog:FlowLog", &typeSpec{
		required: []string{"trafficType"},
		defaults: resource.PropertyMap{
			"logDestinationType":     resource.NewStringProperty("cloud-watch-logs"),
			"maxAggregationInterval": resource.NewNumberProperty(600),
		},
		taggable: true,
		id:       ec2IDFunc("fl"),
		computed: func(c *resourceContext) resource.PropertyMap {
			destination := resource.NewStringProperty("")
			switch {
			case c.unknownInput("logGroupName"):
				destination = unknown()
			case c.str("logGroupName") != "":
				destination = resource.NewStringProperty(c.regionalARN("logs", "log-group:"+c.str("logGroupName")))
			}
			return resource.PropertyMap{
				"arn":            resource.NewStringProperty(c.ec2ARN("vpc-flow-log")),
				"logDestination": destination,
				"logFormat":      resource.NewStringProperty(defaultFlowLogFormat),
				"logGroupName":   resource.NewStringProperty(""),
			}
		},
	})

	register("aws:ec2/internetGateway:InternetGateway", &typeSpec{
		taggable: true,
		id:       ec2IDFunc("igw"),
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":     resource.NewStringProperty(c.ec2ARN("internet-gateway")),
				"ownerId": resource.NewStringProperty(c.model.AccountID),
			}
		},
	})

	register("aws:ec2/natGateway:NatGateway", &typeSpec{
		required: []string{"subnetId"},
		defaults: resource.PropertyMap{"connectivityType": resource.NewStringProperty("public")},
		taggable: true,
		id:       ec2IDFunc("nat"),
		computed: func(c *resourceContext) resource.PropertyMap {
			publicIP := resource.NewStringProperty("")
			association := resource.NewStringProperty("")
			switch {
			case c.unknownInput("allocationId"):
				publicIP, association = unknown(), unknown()
			case c.str("allocationId") != "":
				publicIP = resource.NewStringProperty(publicIPFor(c.str("allocationId")))
				association = resource.NewStringProperty(c.relatedEC2ID("eipassoc", "association"))
			}
			return resource.PropertyMap{
				"associationId":                  association,
				"networkInterfaceId":             resource.NewStringProperty(c.relatedEC2ID("eni", "interface")),
				"privateIp":                      resource.NewStringProperty(privateIPFor(c.seed()...)),
				"publicIp":                       publicIP,
				"secondaryAllocationIds":         resource.NewArrayProperty(nil),
				"secondaryPrivateIpAddressCount": resource.NewNumberProperty(0),
				"secondaryPrivateIpAddresses":    resource.NewArrayProperty(nil),
			}
		},
	})

	register("aws:ec2/eip:Eip", &typeSpec{
		taggable: true,
		id:       ec2IDFunc("eipalloc"),
		computed: func(c *resourceContext) resource.PropertyMap {
			ip := publicIPFor(c.id)
			return resource.PropertyMap{
				"allocationId":       resource.NewStringProperty(c.id),
				"arn":                resource.NewStringProperty(c.ec2ARN("elastic-ip")),
				"associationId":      resource.NewStringProperty(""),
				"carrierIp":          resource.NewStringProperty(""),
				"customerOwnedIp":    resource.NewStringProperty(""),
				"domain":             resource.NewStringProperty("vpc"),
				"networkBorderGroup": resource.NewStringProperty(c.model.Region),
				"privateDns":         resource.NewStringProperty(""),
				"privateIp":          resource.NewStringProperty(""),
				"ptrRecord":          resource.NewStringProperty(""),
				"publicDns":          resource.NewStringProperty(publicDNSFor(c.model, ip)),
				"publicIp":           resource.NewStringProperty(ip),
				"publicIpv4Pool":     resource.NewStringProperty("amazon"),
			}
		},
	})
}

// fullAccessEndpointPolicy is the policy AWS gives a VPC endpoint created without one.
const fullAccessEndpointPolicy = `{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}],` +
	`"Version":"2008-10-17"}`

// ec2IDFunc returns an id function for EC2 ids with the prefix, such as "vpc" or "subnet".
func ec2IDFunc(prefix string) func(c *resourceContext) (string, error) {
	return func(c *resourceContext) (string, error) {
		return c.ec2ID(prefix), nil
	}
}

// ec2ARN returns arn:<partition>:ec2:<region>:<account>:<kind>/<id>.
func (c *resourceContext) ec2ARN(kind string) string {
	return c.regionalARN("ec2", kind+"/"+c.id)
}

// relatedEC2ID returns the id of a resource AWS creates along with this one, such as a VPC's main route table.
func (c *resourceContext) relatedEC2ID(prefix, role string) string {
	return prefix + "-0" + deriveHex(16, append([]string{role, c.id}, c.seed()...)...)
}

// defaultVpcID returns the vpcId input, or the id of the account's default VPC in the region.
func defaultVpcID(c *resourceContext) string {
	if id := c.str("vpcId"); id != "" {
		return id
	}
	return "vpc-0" + deriveHex(16, "default vpc", c.model.AccountID, c.model.Region)
}

// zoneIDFor returns the zone id of an availability zone name, as "use1-az1" for "us-east-1a".
//
// NOTE: AWS maps zone names to zone ids differently in every account. The model maps the letter in order
// (a to az1, b to az2), which is one of the mappings an account can have.
func zoneIDFor(region, zone string) string {
	letter, ok := strings.CutPrefix(zone, region)
	if !ok || len(letter) != 1 {
		return ""
	}
	return regionCode(region) + "-az" + strconv.Itoa(int(letter[0]-'a')+1)
}

// regionCode returns the short code of a region used in zone ids, as "use1" for "us-east-1" and "apse2"
// for "ap-southeast-2".
func regionCode(region string) string {
	directions := map[string]string{
		"east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
		"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
	}
	parts := strings.Split(region, "-")
	var b strings.Builder
	for i, part := range parts {
		switch {
		case i == 0 || (i == 1 && part == "gov"):
			b.WriteString(part)
		case directions[part] != "":
			b.WriteString(directions[part])
		default:
			b.WriteString(part)
		}
	}
	return b.String()
}

// publicIPFor returns an address in 203.0.113.0/24 (TEST-NET-3, reserved for documentation) derived from seed.
func publicIPFor(seed string) string {
	return "203.0.113." + strconv.Itoa(1+int(deriveDigitsNumber(seed)%254))
}

// privateIPFor returns an address in 10.0.0.0/16 derived from the parts.
func privateIPFor(parts ...string) string {
	n := deriveDigitsNumber(parts...)
	return fmt.Sprintf("10.0.%d.%d", n%256, 4+(n/256)%250)
}

// deriveDigitsNumber returns a non-negative number derived from the parts.
func deriveDigitsNumber(parts ...string) uint64 {
	n, err := strconv.ParseUint(deriveDigits(9, parts...), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// publicDNSFor returns the public DNS name AWS gives an Elastic IP address.
func publicDNSFor(m Model, ip string) string {
	host := "ec2-" + strings.ReplaceAll(ip, ".", "-")
	if m.Region == "us-east-1" {
		return host + ".compute-1.amazonaws.com"
	}
	return host + "." + m.Region + ".compute." + dnsSuffix(m.Partition)
}

// numberValue returns the number at key. ok is false when the key is absent, unknown or not a number.
func numberValue(props resource.PropertyMap, key string) (float64, bool) {
	v, has := props[resource.PropertyKey(key)]
	if !has {
		return 0, false
	}
	v, known := unwrap(v)
	if !known || !v.IsNumber() {
		return 0, false
	}
	return v.NumberValue(), true
}

// mustJSON returns the JSON encoding of v. It is for values built in code, which always encode.
func mustJSON(v any) string {
	encoded, err := json.Marshal(v)
	if err != nil {
		panic("fakeaws: encoding a value built in code: " + err.Error())
	}
	return string(encoded)
}
