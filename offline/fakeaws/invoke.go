package fakeaws

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Data source tokens that Invoke implements.
const (
	TokenGetCallerIdentity    = "aws:index/getCallerIdentity:getCallerIdentity"
	TokenGetRegion            = "aws:index/getRegion:getRegion"
	TokenGetPartition         = "aws:index/getPartition:getPartition"
	TokenGetAvailabilityZones = "aws:index/getAvailabilityZones:getAvailabilityZones"
	TokenGetPolicyDocument    = "aws:iam/getPolicyDocument:getPolicyDocument"
)

// AvailabilityZoneCount is the number of availability zones the fake region has, named "<region>a" onwards.
const AvailabilityZoneCount = 3

// regionDescriptions are the names AWS gives the regions in getRegion.
var regionDescriptions = map[string]string{
	"us-east-1":      "US East (N. Virginia)",
	"us-east-2":      "US East (Ohio)",
	"us-west-1":      "US West (N. California)",
	"us-west-2":      "US West (Oregon)",
	"ca-central-1":   "Canada (Central)",
	"eu-west-1":      "Europe (Ireland)",
	"eu-west-2":      "Europe (London)",
	"eu-west-3":      "Europe (Paris)",
	"eu-central-1":   "Europe (Frankfurt)",
	"eu-north-1":     "Europe (Stockholm)",
	"ap-south-1":     "Asia Pacific (Mumbai)",
	"ap-southeast-1": "Asia Pacific (Singapore)",
	"ap-southeast-2": "Asia Pacific (Sydney)",
	"ap-northeast-1": "Asia Pacific (Tokyo)",
	"ap-northeast-2": "Asia Pacific (Seoul)",
	"sa-east-1":      "South America (Sao Paulo)",
}

// dnsSuffix returns the DNS suffix of AWS endpoints in a partition.
func dnsSuffix(partition string) string {
	switch partition {
	case "aws-cn":
		return "amazonaws.com.cn"
	case "aws-iso":
		return "c2s.ic.gov"
	case "aws-iso-b":
		return "sc2s.sgov.gov"
	default:
		return "amazonaws.com"
	}
}

// reverseDNSPrefix returns the reversed DNS suffix of a partition, as used in service principals of some
// services.
func reverseDNSPrefix(partition string) string {
	switch partition {
	case "aws-cn":
		return "cn.com.amazonaws"
	case "aws-iso":
		return "gov.ic.c2s"
	case "aws-iso-b":
		return "gov.sgov.sc2s"
	default:
		return "com.amazonaws"
	}
}

// Invoke returns the result of a data source call, computed from the fake account. The supported tokens are the
// Token* constants. Any other token returns an error that wraps ErrNotModeled and names the token.
func (m Model) Invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	m = m.resolved()
	if args == nil {
		args = resource.PropertyMap{}
	}
	switch token {
	case TokenGetCallerIdentity:
		return m.callerIdentity(), nil
	case TokenGetRegion:
		return m.region(args), nil
	case TokenGetPartition:
		return m.partition(), nil
	case TokenGetAvailabilityZones:
		return m.availabilityZones(args), nil
	case TokenGetPolicyDocument:
		result, err := renderPolicyDocument(args)
		if err != nil {
			return nil, fmt.Errorf("invoking %s: %w", token, err)
		}
		return result, nil
	default:
		return nil, fmt.Errorf("invoking %s: %w; add the data source to the fakeaws model", token, ErrNotModeled)
	}
}

// callerIdentity returns the identity of an IAM user in the fake account.
func (m Model) callerIdentity() resource.PropertyMap {
	return resource.PropertyMap{
		"accountId": resource.NewStringProperty(m.AccountID),
		"arn":       resource.NewStringProperty(fmt.Sprintf("arn:%s:iam::%s:user/standin", m.Partition, m.AccountID)),
		"userId":    resource.NewStringProperty("AIDA" + deriveUpper(17, "caller", m.AccountID)),
		"id":        resource.NewStringProperty(m.AccountID),
	}
}

// region returns the model's region, or the region named by the name argument.
func (m Model) region(args resource.PropertyMap) resource.PropertyMap {
	name := m.Region
	if requested, ok := stringValue(args, "name"); ok && requested != "" {
		name = requested
	}
	return resource.PropertyMap{
		"name":        resource.NewStringProperty(name),
		"description": resource.NewStringProperty(regionDescriptions[name]),
		"endpoint":    resource.NewStringProperty("ec2." + name + "." + dnsSuffix(m.Partition)),
		"id":          resource.NewStringProperty(name),
	}
}

// partition returns the model's partition and its DNS names.
func (m Model) partition() resource.PropertyMap {
	return resource.PropertyMap{
		"partition":        resource.NewStringProperty(m.Partition),
		"dnsSuffix":        resource.NewStringProperty(dnsSuffix(m.Partition)),
		"reverseDnsPrefix": resource.NewStringProperty(reverseDNSPrefix(m.Partition)),
		"id":               resource.NewStringProperty(m.Partition),
	}
}

// availabilityZones returns the zones of the model's region without those excluded by excludeNames and
// excludeZoneIds. The arguments are echoed, as the real data source does.
func (m Model) availabilityZones(args resource.PropertyMap) resource.PropertyMap {
	excludedNames := stringList(args, "excludeNames")
	excludedIDs := stringList(args, "excludeZoneIds")

	var names, zoneIDs []string
	for i := range AvailabilityZoneCount {
		name := m.Region + string(rune('a'+i))
		zoneID := zoneIDFor(m.Region, name)
		if slices.Contains(excludedNames, name) || slices.Contains(excludedIDs, zoneID) {
			continue
		}
		names = append(names, name)
		zoneIDs = append(zoneIDs, zoneID)
	}

	result := args.Copy()
	result["names"] = stringArray(names...)
	result["zoneIds"] = stringArray(zoneIDs...)
	result["groupNames"] = stringArray(m.Region)
	result["id"] = resource.NewStringProperty(m.Region)
	return result
}
