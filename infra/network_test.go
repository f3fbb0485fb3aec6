package infra

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// Type tokens of the network resources.
const (
	typeAWSXVpc         = fakeaws.AWSXVpcType
	typeSecurityGroup   = "aws:ec2/securityGroup:SecurityGroup"
	typeDefaultGroup    = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	typeEgressRule      = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	typeIngressRule     = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeVpcEndpoint     = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeFlowLog         = "aws:ec2/flowLog:FlowLog"
	typeLogGroup        = "aws:cloudwatch/logGroup:LogGroup"
	typeLambdaFunction  = "aws:lambda/function:Function"
	defaultNetworkName  = "net"
	defaultNetworkOwner = "app-test"
)

// newTestNetwork creates a network named "net" under mocks.
func newTestNetwork(t *testing.T, args NetworkArgs) *fakeaws.Mocks {
	t.Helper()
	if args.NamePrefix == "" {
		args.NamePrefix = defaultNetworkOwner
	}
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewNetwork(ctx, defaultNetworkName, args)
		return err
	})
	require.NoError(t, err)
	return mocks
}

// subnetSpecs returns the subnetSpecs input of the awsx VPC as plain values.
func subnetSpecs(t *testing.T, vpc fakeaws.MockResource) []any {
	t.Helper()
	specs, ok := vpc.Inputs["subnetSpecs"]
	require.True(t, ok, "the VPC has subnet specs")
	return specs.Mappable().([]any)
}

func TestNetworkDefaults(t *testing.T) {
	mocks := newTestNetwork(t, NetworkArgs{})

	component := find(t, mocks, NetworkType, "net")
	assert.False(t, component.Custom)

	vpc := find(t, mocks, typeAWSXVpc, "net")
	assertParent(t, vpc, NetworkType, "net")
	in := vpc.Inputs.Mappable()
	assert.Equal(t, "10.0.0.0/16", in["cidrBlock"])
	assert.Equal(t, float64(2), in["numberOfAvailabilityZones"])
	assert.Equal(t, float64(17), in["availabilityZoneCidrMask"])
	assert.Equal(t, "Auto", in["subnetStrategy"])
	assert.Equal(t, map[string]any{"strategy": "None"}, in["natGateways"], "no NAT gateway by default")
	assert.Equal(t, true, in["enableDnsHostnames"])
	assert.Equal(t, true, in["enableDnsSupport"])
	assert.Equal(t, []any{
		map[string]any{"type": "Private", "name": "private", "cidrMask": float64(18)},
	}, subnetSpecs(t, vpc), "only the function subnets")
}

func TestNetworkSecurityGroups(t *testing.T) {
	mocks := newTestNetwork(t, NetworkArgs{})
	vpcID := find(t, mocks, typeAWSXVpc, "net").Outputs["vpcId"].StringValue()

	defaultGroup := find(t, mocks, typeDefaultGroup, "net-default")
	assertParent(t, defaultGroup, NetworkType, "net")
	assert.Equal(t, vpcID, defaultGroup.Inputs["vpcId"].StringValue())
	_, hasIngress := defaultGroup.Inputs["ingress"]
	_, hasEgress := defaultGroup.Inputs["egress"]
	assert.False(t, hasIngress, "the default group keeps no ingress rule")
	assert.False(t, hasEgress, "the default group keeps no egress rule")

	functions := find(t, mocks, typeSecurityGroup, "net-functions")
	endpoints := find(t, mocks, typeSecurityGroup, "net-endpoints")
	for _, group := range []fakeaws.MockResource{functions, endpoints} {
		assertParent(t, group, NetworkType, "net")
		assert.Equal(t, vpcID, group.Inputs["vpcId"].StringValue())
		assert.NotEqual(t, "Managed by Pulumi", group.Inputs["description"].StringValue(), "%s has a description", group.Name)
		_, inline := group.Inputs["egress"]
		assert.False(t, inline, "%s has no inline rules", group.Name)
	}

	ingress := mocks.ByType(typeIngressRule)
	require.Len(t, ingress, 1)
	rule := ingress[0].Inputs
	assert.Equal(t, endpoints.ID, rule["securityGroupId"].StringValue())
	assert.Equal(t, functions.ID, rule["referencedSecurityGroupId"].StringValue())
	assertHTTPSRule(t, ingress[0])

	egress := mocks.ByType(typeEgressRule)
	require.Len(t, egress, 2, "HTTPS to the endpoints and to S3 only")
	s3Endpoint := find(t, mocks, typeVpcEndpoint, "net-s3")
	targets := map[string]string{}
	for _, rule := range egress {
		assert.Equal(t, functions.ID, rule.Inputs["securityGroupId"].StringValue())
		assertHTTPSRule(t, rule)
		_, toInternet := rule.Inputs["cidrIpv4"]
		assert.False(t, toInternet, "%s opens nothing to the internet without NAT", rule.Name)
		for _, key := range []resource.PropertyKey{"referencedSecurityGroupId", "prefixListId"} {
			if v, ok := rule.Inputs[key]; ok {
				targets[string(key)] = v.StringValue()
			}
		}
	}
	assert.Equal(t, map[string]string{
		"referencedSecurityGroupId": endpoints.ID,
		"prefixListId":              s3Endpoint.Outputs["prefixListId"].StringValue(),
	}, targets)
}

// assertHTTPSRule checks that a security group rule allows TCP 443 only and has a description.
func assertHTTPSRule(t *testing.T, rule fakeaws.MockResource) {
	t.Helper()
	assert.Equal(t, "tcp", rule.Inputs["ipProtocol"].StringValue(), "%s protocol", rule.Name)
	assert.Equal(t, float64(443), rule.Inputs["fromPort"].NumberValue(), "%s from port", rule.Name)
	assert.Equal(t, float64(443), rule.Inputs["toPort"].NumberValue(), "%s to port", rule.Name)
	assert.NotEmpty(t, rule.Inputs["description"].StringValue(), "%s has a description", rule.Name)
}

func TestNetworkEndpoints(t *testing.T) {
	mocks := newTestNetwork(t, NetworkArgs{ExtraInterfaceEndpointServices: []string{"sqs", "ecr.api", "sts"}})
	vpc := find(t, mocks, typeAWSXVpc, "net")
	privateSubnets := vpc.Outputs["privateSubnetIds"].Mappable()
	require.Len(t, privateSubnets, 2)
	endpointGroup := find(t, mocks, typeSecurityGroup, "net-endpoints")

	s3 := find(t, mocks, typeVpcEndpoint, "net-s3")
	assertParent(t, s3, NetworkType, "net")
	assert.Equal(t, "com.amazonaws.us-east-1.s3", s3.Inputs["serviceName"].StringValue())
	assert.Equal(t, "Gateway", s3.Inputs["vpcEndpointType"].StringValue())
	s3Policy := statement(t, policyDocument(t, s3.Inputs, "policy"), "OnlyBucketsOfKnownAccounts")
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:ResourceAccount": []any{testAccountID}}}, s3Policy["Condition"])

	interfaces := mocks.ByType(typeVpcEndpoint)
	require.Len(t, interfaces, 1+7, "S3 and the five default services plus sqs and ecr.api, sts only once")
	for _, service := range []string{"sts", "kms", "logs", "secretsmanager", "ssm", "sqs", "ecr-api"} {
		endpoint := find(t, mocks, typeVpcEndpoint, "net-"+service)
		in := endpoint.Inputs
		assert.Equal(t, "Interface", in["vpcEndpointType"].StringValue())
		assert.True(t, in["privateDnsEnabled"].BoolValue(), "%s resolves the public name to the endpoint", service)
		assert.Equal(t, privateSubnets, in["subnetIds"].Mappable(), "%s is in every function subnet", service)
		assert.Equal(t, []any{endpointGroup.ID}, in["securityGroupIds"].Mappable(), "%s is in the endpoint group", service)
		assert.Equal(t, vpc.Outputs["vpcId"].StringValue(), in["vpcId"].StringValue())
		endpointPolicy := statement(t, policyDocument(t, in, "policy"), "OnlyPrincipalsOfThisAccount")
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": testAccountID}},
			endpointPolicy["Condition"])
	}
	assert.Equal(t, "com.amazonaws.us-east-1.ecr.api", find(t, mocks, typeVpcEndpoint, "net-ecr-api").Inputs["serviceName"].StringValue())
}

func TestNetworkS3ExternalAccounts(t *testing.T) {
	mocks := newTestNetwork(t, NetworkArgs{S3ExternalAccountIDs: []string{"210987654321"}})

	s3Policy := statement(t, policyDocument(t, find(t, mocks, typeVpcEndpoint, "net-s3").Inputs, "policy"), "OnlyBucketsOfKnownAccounts")
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:ResourceAccount": []any{testAccountID, "210987654321"}}},
		s3Policy["Condition"])
}

func TestNetworkFlowLogs(t *testing.T) {
	mocks := newTestNetwork(t, NetworkArgs{FlowLogRetentionDays: 365})
	groupARN := "arn:aws:logs:us-east-1:123456789012:log-group:/vpc-flow-logs/app-test"

	key := find(t, mocks, typeKey, "net-flow-logs-key")
	assertParent(t, key, NetworkType, "net")
	assert.True(t, key.Inputs["enableKeyRotation"].BoolValue())
	logsUse := statement(t, policyDocument(t, key.Inputs, "policy"), "CloudWatchLogsEncryptsFlowLogGroup")
	assert.Equal(t, map[string]any{"Service": "logs.us-east-1.amazonaws.com"}, logsUse["Principal"])
	assert.Equal(t, map[string]any{"ArnEquals": map[string]any{"kms:EncryptionContext:aws:logs:arn": groupARN}}, logsUse["Condition"])

	group := find(t, mocks, typeLogGroup, "net-flow-logs")
	assert.Equal(t, "/vpc-flow-logs/app-test", group.Inputs["name"].StringValue())
	assert.Equal(t, float64(365), group.Inputs["retentionInDays"].NumberValue())
	assert.Equal(t, key.Outputs["arn"].StringValue(), group.Inputs["kmsKeyId"].StringValue())
	assert.Equal(t, groupARN, group.Outputs["arn"].StringValue(), "the key policy names the group's real ARN")
	assert.False(t, group.RetainOnDelete)

	role := find(t, mocks, typeRole, "net-flow-logs")
	trust := policyDocument(t, role.Inputs, "assumeRolePolicy")["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"Service": "vpc-flow-logs.amazonaws.com"}, trust["Principal"])
	assert.Equal(t, map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": testAccountID},
		"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*"},
	}, trust["Condition"])
	rolePolicy := find(t, mocks, typeRolePolicy, "net-flow-logs")
	doc := policyDocument(t, rolePolicy.Inputs, "policy")
	require.Len(t, doc["Statement"].([]any), 1)
	write := statement(t, doc, "WriteFlowLogGroup")
	assert.Equal(t, []any{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"}, write["Action"])
	assert.Equal(t, []any{groupARN, groupARN + ":*"}, write["Resource"], "the role may write to the flow log group only")

	flowLog := find(t, mocks, typeFlowLog, "net")
	assert.Equal(t, find(t, mocks, typeAWSXVpc, "net").Outputs["vpcId"].StringValue(), flowLog.Inputs["vpcId"].StringValue())
	assert.Equal(t, "ALL", flowLog.Inputs["trafficType"].StringValue())
	assert.Equal(t, "cloud-watch-logs", flowLog.Inputs["logDestinationType"].StringValue())
	assert.Equal(t, groupARN, flowLog.Inputs["logDestination"].StringValue())
	assert.Equal(t, role.Outputs["arn"].StringValue(), flowLog.Inputs["iamRoleArn"].StringValue())
	assert.True(t, flowLog.DependsOn(typeRolePolicy, "net-flow-logs"), "the flow log waits for its permissions")
}

func TestNetworkProtect(t *testing.T) {
	mocks := newTestNetwork(t, NetworkArgs{Protect: true})

	assert.True(t, find(t, mocks, typeLogGroup, "net-flow-logs").RetainOnDelete)
	assert.True(t, find(t, mocks, typeKey, "net-flow-logs-key").RetainOnDelete)
}

func TestNetworkNatGateways(t *testing.T) {
	tests := []struct {
		name         string
		mode         string
		wantStrategy string
	}{
		{"none", NatGatewaysNone, "None"},
		{"single", NatGatewaysSingle, "Single"},
		{"per zone", NatGatewaysPerZone, "OnePerAz"},
	}
	functionSpec := map[string]any{"type": "Private", "name": "private", "cidrMask": float64(18)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mocks := newTestNetwork(t, NetworkArgs{NatGateways: tt.mode})

			vpc := find(t, mocks, typeAWSXVpc, "net")
			assert.Equal(t, map[string]any{"strategy": tt.wantStrategy}, vpc.Inputs["natGateways"].Mappable())
			specs := subnetSpecs(t, vpc)
			assert.Equal(t, functionSpec, specs[0], "the function subnets stay the same in every mode")
			_, internet := mocks.Find(typeEgressRule, "net-functions-to-internet")
			if tt.mode == NatGatewaysNone {
				assert.Len(t, specs, 1)
				assert.False(t, internet)
				return
			}
			require.Len(t, specs, 2)
			assert.Equal(t, map[string]any{"type": "Public", "name": "nat", "cidrMask": float64(19)}, specs[1])
			require.True(t, internet, "the functions may use the NAT gateways")
			rule := find(t, mocks, typeEgressRule, "net-functions-to-internet")
			assertHTTPSRule(t, rule)
			assert.Equal(t, "0.0.0.0/0", rule.Inputs["cidrIpv4"].StringValue())
		})
	}
}

func TestNetworkLayout(t *testing.T) {
	tests := []struct {
		name             string
		cidr             string
		zones            int
		wantZoneMask     int
		wantFunctionMask int
		wantNatMask      int
	}{
		{"two zones in a /16", "10.0.0.0/16", 2, 17, 18, 19},
		{"three zones in a /16", "10.0.0.0/16", 3, 18, 19, 20},
		{"four zones in a /24", "192.168.1.0/24", 4, 26, 27, 28},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layout, err := planNetworkLayout(NetworkArgs{CidrBlock: tt.cidr, AvailabilityZoneCount: tt.zones, NatGateways: NatGatewaysNone})

			require.NoError(t, err)
			assert.Equal(t, tt.wantZoneMask, layout.zoneMask)
			assert.Equal(t, tt.wantFunctionMask, layout.functionSubnetMask())
			assert.Equal(t, tt.wantNatMask, layout.natSubnetMask())
			assert.LessOrEqual(t, layout.natSubnetMask(), 28, "AWS allows subnets down to /28")
		})
	}
}

func TestNetworkInvalidArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    NetworkArgs
		message string
	}{
		{"CIDR that does not parse", NetworkArgs{CidrBlock: "10.0.0.0/33"}, `CidrBlock "10.0.0.0/33" is not a CIDR block`},
		{"CIDR that is text", NetworkArgs{CidrBlock: "office"}, `CidrBlock "office" is not a CIDR block`},
		{"CIDR with host bits", NetworkArgs{CidrBlock: "10.0.0.1/16"}, "use the network address 10.0.0.0/16"},
		{"public CIDR", NetworkArgs{CidrBlock: "8.8.0.0/16"}, `CidrBlock "8.8.0.0/16" is not a private range`},
		{"IPv6 CIDR", NetworkArgs{CidrBlock: "fd00::/56"}, `CidrBlock "fd00::/56" is not IPv4`},
		{"CIDR too wide", NetworkArgs{CidrBlock: "10.0.0.0/12"}, "has prefix length /12; use /16 to /24"},
		{"CIDR too narrow", NetworkArgs{CidrBlock: "10.0.0.0/26"}, "has prefix length /26; use /16 to /24"},
		{"one zone", NetworkArgs{AvailabilityZoneCount: 1}, "AvailabilityZoneCount is 1; use 2 to 4"},
		{"five zones", NetworkArgs{AvailabilityZoneCount: 5}, "AvailabilityZoneCount is 5; use 2 to 4"},
		{"NAT mode", NetworkArgs{NatGateways: "always"}, `NatGateways "always" is invalid; use one of none, single, per-zone`},
		{"retention CloudWatch rejects", NetworkArgs{FlowLogRetentionDays: 13}, "FlowLogRetentionDays is 13, which CloudWatch Logs does not accept"},
		{"deletion window", NetworkArgs{KMSKeyDeletionWindowDays: 3}, "KMSKeyDeletionWindowDays is 3; use 7 to 30"},
		{"S3 as interface endpoint", NetworkArgs{ExtraInterfaceEndpointServices: []string{"s3"}}, `ExtraInterfaceEndpointServices has "s3"`},
		{"endpoint service name", NetworkArgs{ExtraInterfaceEndpointServices: []string{"SQS"}}, `ExtraInterfaceEndpointServices has "SQS"`},
		{"external account", NetworkArgs{S3ExternalAccountIDs: []string{"12345"}}, `S3ExternalAccountIDs has "12345"; use 12-digit account ids`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			args.NamePrefix = defaultNetworkOwner
			mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
				_, err := NewNetwork(ctx, "net", args)
				return err
			})

			require.Error(t, err)
			assert.Contains(t, err.Error(), `network "net": `)
			assert.Contains(t, err.Error(), tt.message)
			assert.Empty(t, mocks.Resources(), "nothing is registered with invalid arguments")
		})
	}
}

func TestNetworkRequiresNamePrefix(t *testing.T) {
	_, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		_, err := NewNetwork(ctx, "net", NetworkArgs{})
		return err
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), "NamePrefix is empty")
}

func TestVpcFunctionReachesEveryService(t *testing.T) {
	// A VPC function whose AWS SDK call has no endpoint, no private DNS or no egress rule does not fail:
	// the call hangs until the function times out. Every service call needs all three, and the function
	// must not start before they exist.
	args := helloFunctionArgs(t)
	mocks, err := runWithMocks(t, func(ctx *pulumi.Context) error {
		network, err := NewNetwork(ctx, "net", NetworkArgs{NamePrefix: defaultNetworkOwner})
		if err != nil {
			return err
		}
		args.Vpc = network.FunctionVpcConfig()
		_, err = NewGoFunction(ctx, "me", args)
		return err
	})
	require.NoError(t, err)

	vpc := find(t, mocks, typeAWSXVpc, "net")
	functionGroup := find(t, mocks, typeSecurityGroup, "net-functions")
	endpointGroup := find(t, mocks, typeSecurityGroup, "net-endpoints")
	function := find(t, mocks, typeLambdaFunction, "me")
	vpcConfig := object(t, function.Inputs, "vpcConfig").Mappable()
	assert.Equal(t, vpc.Outputs["privateSubnetIds"].Mappable(), vpcConfig["subnetIds"])
	assert.Equal(t, []any{functionGroup.ID}, vpcConfig["securityGroupIds"])

	for _, service := range DefaultInterfaceEndpointServices {
		endpoint := find(t, mocks, typeVpcEndpoint, "net-"+service)
		assert.True(t, endpoint.Inputs["privateDnsEnabled"].BoolValue(), "%s has private DNS", service)
		assert.Equal(t, vpcConfig["subnetIds"], endpoint.Inputs["subnetIds"].Mappable(), "%s is in the function subnets", service)
		assert.Contains(t, endpoint.Inputs["securityGroupIds"].Mappable(), endpointGroup.ID)
		assert.True(t, function.DependsOn(typeVpcEndpoint, "net-"+service), "the function waits for the %s endpoint", service)
	}
	assert.True(t, function.DependsOn(typeVpcEndpoint, "net-s3"), "the function waits for the S3 endpoint")

	reachable := map[string]bool{}
	for _, rule := range mocks.ByType(typeEgressRule) {
		assert.True(t, function.DependsOn(typeEgressRule, rule.Name), "the function waits for %s", rule.Name)
		if rule.Inputs["fromPort"].NumberValue() <= 443 && rule.Inputs["toPort"].NumberValue() >= 443 {
			for _, key := range []resource.PropertyKey{"referencedSecurityGroupId", "prefixListId"} {
				if v, ok := rule.Inputs[key]; ok {
					reachable[v.StringValue()] = true
				}
			}
		}
	}
	assert.True(t, reachable[endpointGroup.ID], "HTTPS egress to the endpoint group")
	assert.True(t, reachable[find(t, mocks, typeVpcEndpoint, "net-s3").Outputs["prefixListId"].StringValue()],
		"HTTPS egress to the S3 prefix list")
	ingress := mocks.ByType(typeIngressRule)
	require.Len(t, ingress, 1)
	assert.Equal(t, functionGroup.ID, ingress[0].Inputs["referencedSecurityGroupId"].StringValue(),
		"the endpoint group admits the function group")
}
