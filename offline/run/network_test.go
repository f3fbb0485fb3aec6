package run

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of the network resources whose replacement the tests look for.
const (
	subnetType        = "aws:ec2/subnet:Subnet"
	securityGroupType = "aws:ec2/securityGroup:SecurityGroup"
	vpcEndpointType   = "aws:ec2/vpcEndpoint:VpcEndpoint"
	natGatewayType    = "aws:ec2/natGateway:NatGateway"
	functionType      = "aws:lambda/function:Function"
)

// functionSubnetName starts the names of the subnets the functions run in.
const functionSubnetName = "platform-network-private-"

// subnetIDs returns the ids of the subnets in the stack's state, keyed by URN.
func subnetIDs(t *testing.T, s *Stack) map[string]string {
	t.Helper()
	exported, err := s.Export(context.Background())
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(exported.Deployment, &deployment))
	ids := map[string]string{}
	for _, r := range deployment.Resources {
		if string(r.Type) == subnetType {
			ids[string(r.URN)] = string(r.ID)
		}
	}
	return ids
}

// functionSubnets returns the entries of ids whose URN names a function subnet.
func functionSubnets(ids map[string]string) map[string]string {
	out := map[string]string{}
	for urn, id := range ids {
		if strings.Contains(urn, "::"+functionSubnetName) {
			out[urn] = id
		}
	}
	return out
}

// opsOf returns the operations the summary reports for the resource with the URN, other than the
// refresh that runs before every operation.
func opsOf(summary *Summary, urn string) []string {
	var ops []string
	for _, step := range summary.ResourceSteps {
		if step.URN == urn && step.Op != "refresh" {
			ops = append(ops, step.Op)
		}
	}
	return ops
}

// setNetworkConfig sets one network setting of the stack.
func setNetworkConfig(t *testing.T, s *Stack, key, value string) {
	t.Helper()
	require.NoError(t, s.SetConfig(context.Background(), "secure-serverless:"+key, auto.ConfigValue{Value: value}))
}

func TestNatToggleReplacesNoFunctionSubnet(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)

	var out bytes.Buffer
	_, err = stack.Up(ctx, &out)
	require.NoError(t, err, out.String())
	before := functionSubnets(subnetIDs(t, stack))
	require.Len(t, before, 2, "the dev stack has a function subnet in each of its two zones")

	steps := []struct {
		name           string
		natGateways    string
		wantNatCreates int
		wantNatDeletes int
		// wantSubnetOp is what happens to the NAT subnets: "create" when NAT turns on, "delete" when it
		// turns off, "" when they stay.
		wantSubnetOp string
	}{
		{name: "NAT on with one gateway", natGateways: "single", wantNatCreates: 1, wantSubnetOp: "create"},
		{name: "NAT gateway in every zone", natGateways: "per-zone", wantNatCreates: 1},
		{name: "NAT off", natGateways: "none", wantNatDeletes: 2, wantSubnetOp: "delete"},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			setNetworkConfig(t, stack, "natGateways", step.natGateways)

			out.Reset()
			preview, err := stack.Preview(ctx, &out)
			require.NoError(t, err, out.String())

			assert.Empty(t, preview.Replacements(subnetType), "no subnet is replaced:\n%s", out.String())
			assert.Empty(t, preview.Replacements(securityGroupType), "no security group is replaced")
			assert.Empty(t, preview.Replacements(vpcEndpointType), "no VPC endpoint is replaced")
			assert.Empty(t, preview.Replacements(functionType), "the function is not replaced")
			assert.Equal(t, step.wantNatCreates, preview.Steps[natGatewayType]["create"], "NAT gateways created")
			assert.Equal(t, step.wantNatDeletes, preview.Steps[natGatewayType]["delete"], "NAT gateways deleted")
			if step.wantSubnetOp != "" {
				assert.Equal(t, 2, preview.Steps[subnetType][step.wantSubnetOp], "one NAT subnet per zone")
			}
			for urn := range before {
				assert.Equal(t, []string{"same"}, opsOf(preview, urn), "%s stays as it is", urn)
			}

			out.Reset()
			_, err = stack.Up(ctx, &out)
			require.NoError(t, err, out.String())
			assert.Equal(t, before, functionSubnets(subnetIDs(t, stack)), "the function subnets keep their ids")
		})
	}
}

func TestZoneCountChangeReplacesFunctionSubnets(t *testing.T) {
	t.Parallel()
	// The control of the NAT test: a change that does move the function subnets shows up as their
	// replacement in the same step events, so the NAT test would see one.
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)

	var out bytes.Buffer
	_, err = stack.Up(ctx, &out)
	require.NoError(t, err, out.String())

	setNetworkConfig(t, stack, "vpcAvailabilityZones", "3")
	out.Reset()
	preview, err := stack.Preview(ctx, &out)
	require.NoError(t, err, out.String())

	replaced := map[string][]string{}
	for _, step := range preview.Replacements(subnetType) {
		if step.Op == "replace" {
			replaced[step.URN] = step.Keys
		}
	}
	require.Len(t, replaced, 2, "a third zone splits the VPC block differently:\n%s", out.String())
	for urn, keys := range replaced {
		assert.Contains(t, urn, "::"+functionSubnetName)
		assert.Equal(t, []string{"cidrBlock"}, keys, "%s is replaced for its block only", urn)
	}
	assert.Equal(t, 1, preview.Steps[subnetType]["create"], "the third zone gets a new function subnet")
}

// stateResources returns the resources in the stack's state.
func stateResources(t *testing.T, s *Stack) []apitype.ResourceV3 {
	t.Helper()
	exported, err := s.Export(context.Background())
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(exported.Deployment, &deployment))
	return deployment.Resources
}

func TestEndpointsOnFunctionSubnets(t *testing.T) {
	t.Parallel()
	// Under mocks the awsx VPC has no children, so only the real engine with the stand-in awsx provider
	// shows that the endpoints and the function land on the subnets and route tables awsx created.
	paths, tools := prepare(t)
	ctx := context.Background()
	stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
	require.NoError(t, err)
	// NAT subnets add route tables that the S3 endpoint must leave alone.
	setNetworkConfig(t, stack, "natGateways", "single")

	var out bytes.Buffer
	_, err = stack.Up(ctx, &out)
	require.NoError(t, err, out.String())

	var functionSubnetIDs, functionTables, natTables []any
	resources := map[string]apitype.ResourceV3{}
	for _, r := range stateResources(t, stack) {
		name := string(r.URN.Name())
		resources[string(r.Type)+"::"+name] = r
		switch {
		case string(r.Type) == subnetType && strings.HasPrefix(name, functionSubnetName):
			functionSubnetIDs = append(functionSubnetIDs, string(r.ID))
		case string(r.Type) == "aws:ec2/routeTable:RouteTable" && strings.HasPrefix(name, functionSubnetName):
			functionTables = append(functionTables, string(r.ID))
		case string(r.Type) == "aws:ec2/routeTable:RouteTable":
			natTables = append(natTables, string(r.ID))
		}
	}
	require.Len(t, functionSubnetIDs, 2)
	require.Len(t, functionTables, 2)
	require.Len(t, natTables, 2, "one route table per NAT subnet")

	s3, ok := resources[vpcEndpointType+"::platform-network-s3"]
	require.True(t, ok, "the S3 endpoint is in the state")
	assert.ElementsMatch(t, functionTables, s3.Inputs["routeTableIds"], "the S3 endpoint is on every function route table only")

	for _, service := range []string{"sts", "kms", "logs", "secretsmanager", "ssm"} {
		endpoint, ok := resources[vpcEndpointType+"::platform-network-"+service]
		require.True(t, ok, "the %s endpoint is in the state", service)
		assert.ElementsMatch(t, functionSubnetIDs, endpoint.Inputs["subnetIds"], "%s is in every function subnet", service)
		assert.Equal(t, true, endpoint.Inputs["privateDnsEnabled"], "%s has private DNS", service)
	}

	function, ok := resources[functionType+"::platform-me"]
	require.True(t, ok, "the function is in the state")
	vpcConfig, ok := function.Inputs["vpcConfig"].(map[string]any)
	require.True(t, ok, "the function has a VPC config")
	assert.ElementsMatch(t, functionSubnetIDs, vpcConfig["subnetIds"], "the function runs in the function subnets")
}

func TestNetworkAndStorageSettingsThroughEngine(t *testing.T) {
	t.Parallel()
	paths, tools := prepare(t)
	ctx := context.Background()

	tests := []struct {
		name  string
		key   string
		value string
		// path sets the value at a path inside a structured setting, such as one entry of a list.
		path bool
		// remove removes the setting instead, so the default of Pulumi.yaml applies.
		remove bool
		// message is the expected error, or "" when the preview must succeed.
		message string
	}{
		{
			name: "CIDR that does not parse", key: "vpcCidrBlock", value: "10.20.0.0/33",
			message: "invalid stack setting secure-serverless:vpcCidrBlock=10.20.0.0/33: accepted values are a private IPv4",
		},
		{
			name: "NAT mode", key: "natGateways", value: "always",
			message: "invalid stack setting secure-serverless:natGateways=always: accepted values are none, single, per-zone",
		},
		{
			name: "flow log retention CloudWatch rejects", key: "flowLogRetentionDays", value: "13",
			message: "invalid stack setting secure-serverless:flowLogRetentionDays=13: accepted values are 1, 3, 5, 7, 14",
		},
		{
			name: "origin with a wildcard", key: "userFilesCorsOrigins[1]", value: "https://*.example.com", path: true,
			message: "invalid stack setting secure-serverless:userFilesCorsOrigins=https://*.example.com",
		},
		{name: "origins from the project default", key: "userFilesCorsOrigins", remove: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack, err := OpenStack(ctx, paths, tools, StackOptions{Stack: "dev"})
			require.NoError(t, err)
			key := "secure-serverless:" + tt.key
			if tt.remove {
				require.NoError(t, stack.RemoveConfig(ctx, key))
			} else {
				require.NoError(t, stack.SetConfigWithOptions(ctx, key, auto.ConfigValue{Value: tt.value},
					&auto.ConfigOptions{Path: tt.path}))
			}

			var out bytes.Buffer
			preview, err := stack.Preview(ctx, &out)
			if tt.message == "" {
				require.NoError(t, err, out.String())
				assert.Zero(t, preview.Steps["aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2"]["create"],
					"no CORS rule without origins")
				return
			}
			require.Error(t, err)
			assert.Contains(t, out.String()+err.Error(), tt.message)
		})
	}
}
