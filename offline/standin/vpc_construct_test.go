package standin

import (
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// constructUnderMocks runs constructVpc in a Pulumi program under fakeaws mocks and returns the recorded
// resources and the resolved component outputs.
func constructUnderMocks(t *testing.T, name string, inputs resource.PropertyMap) (*fakeaws.Mocks, map[string]any) {
	t.Helper()
	args, err := readVpcArgs(inputs)
	require.NoError(t, err)

	mocks := fakeaws.NewMocks()
	var wg sync.WaitGroup
	var state map[string]any
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		result, err := constructVpc(ctx, name, args)
		if err != nil {
			return err
		}
		wg.Add(1)
		stateMap, ok := result.State.(pulumi.Map)
		require.True(t, ok, "state is a map")
		stateMap.ToMapOutput().ApplyT(func(resolved map[string]any) error {
			defer wg.Done()
			state = resolved
			return nil
		})
		return nil
	}, pulumi.WithMocks("app", "dev", mocks))
	require.NoError(t, err)
	wg.Wait()
	return mocks, state
}

// countByType counts the recorded resources per type token.
func countByType(resources []fakeaws.MockResource) map[string]int {
	counts := map[string]int{}
	for _, r := range resources {
		counts[r.Type]++
	}
	return counts
}

func TestConstructDefaultVpc(t *testing.T) {
	mocks, state := constructUnderMocks(t, "net", resource.PropertyMap{
		"tags": resource.NewObjectProperty(resource.PropertyMap{"team": resource.NewStringProperty("core")}),
	})

	assert.Equal(t, map[string]int{
		VpcType:                   1,
		typeVpc:                   1,
		typeInternetGateway:       1,
		typeSubnet:                6,
		typeRouteTable:            6,
		typeRouteTableAssociation: 6,
		typeRoute:                 6,
		typeEip:                   3,
		typeNatGateway:            3,
	}, countByType(mocks.Resources()))

	vpc, ok := mocks.Find(typeVpc, "net")
	require.True(t, ok, "VPC is registered")
	assert.Contains(t, vpc.Parent, VpcType+"::net")
	assert.Equal(t, resource.NewStringProperty(defaultVpcCIDR), vpc.Inputs["cidrBlock"])
	assert.Equal(t, resource.NewObjectProperty(resource.PropertyMap{
		"Name": resource.NewStringProperty("net"),
		"team": resource.NewStringProperty("core"),
	}), vpc.Inputs["tags"])

	subnet, ok := mocks.Find(typeSubnet, "net-public-2")
	require.True(t, ok, "public subnet of the second zone is registered")
	assert.Equal(t, resource.NewStringProperty("us-east-1b"), subnet.Inputs["availabilityZone"])
	assert.Equal(t, resource.NewStringProperty("10.0.96.0/20"), subnet.Inputs["cidrBlock"])
	assert.Equal(t, resource.NewBoolProperty(true), subnet.Inputs["mapPublicIpOnLaunch"])
	assert.Equal(t, resource.NewStringProperty(vpc.ID), subnet.Inputs["vpcId"])
	assert.True(t, strings.HasSuffix(subnet.Parent, typeVpc+"::net"), "subnet parent is the VPC: %s", subnet.Parent)

	nat, ok := mocks.Find(typeNatGateway, "net-2")
	require.True(t, ok, "NAT gateway of the second zone is registered")
	eip, ok := mocks.Find(typeEip, "net-2")
	require.True(t, ok, "Elastic IP of the second zone is registered")
	assert.Equal(t, resource.NewStringProperty(eip.ID), nat.Inputs["allocationId"])
	assert.Equal(t, resource.NewStringProperty(subnet.ID), nat.Inputs["subnetId"])

	privateRoute, ok := mocks.Find(typeRoute, "net-private-2")
	require.True(t, ok, "route of the second private subnet is registered")
	assert.Equal(t, resource.NewStringProperty(nat.ID), privateRoute.Inputs["natGatewayId"])
	publicRoute, ok := mocks.Find(typeRoute, "net-public-2")
	require.True(t, ok, "route of the second public subnet is registered")
	igw, ok := mocks.Find(typeInternetGateway, "net")
	require.True(t, ok, "internet gateway is registered")
	assert.Equal(t, resource.NewStringProperty(igw.ID), publicRoute.Inputs["gatewayId"])

	assert.Equal(t, vpc.ID, state["vpcId"])
	publicIDs, ok := state["publicSubnetIds"].([]string)
	require.True(t, ok, "publicSubnetIds is a list")
	assert.Len(t, publicIDs, 3)
	assert.Equal(t, subnet.ID, publicIDs[1])
	assert.Len(t, state["privateSubnetIds"], 3)
	assert.Empty(t, state["isolatedSubnetIds"])
	assert.Len(t, state["subnets"], 6)
	assert.Len(t, state["natGateways"], 3)
	assert.Len(t, state["eips"], 3)
	assert.Empty(t, state["vpcEndpoints"])
}

func TestConstructSingleNatGateway(t *testing.T) {
	mocks, _ := constructUnderMocks(t, "net", resource.PropertyMap{
		"numberOfAvailabilityZones": resource.NewNumberProperty(2),
		"natGateways": resource.NewObjectProperty(resource.PropertyMap{
			"strategy": resource.NewStringProperty(natSingle),
		}),
	})

	counts := countByType(mocks.Resources())
	assert.Equal(t, 1, counts[typeNatGateway])
	assert.Equal(t, 1, counts[typeEip])
	assert.Equal(t, 4, counts[typeSubnet])
	nat, ok := mocks.Find(typeNatGateway, "net-1")
	require.True(t, ok, "the single NAT gateway is in the first zone")
	route, ok := mocks.Find(typeRoute, "net-private-2")
	require.True(t, ok, "the second private subnet has a route")
	assert.Equal(t, resource.NewStringProperty(nat.ID), route.Inputs["natGatewayId"])
}

func TestConstructIsolatedWithoutNat(t *testing.T) {
	mocks, state := constructUnderMocks(t, "db", resource.PropertyMap{
		"availabilityZoneNames": resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewStringProperty("us-east-1a"), resource.NewStringProperty("us-east-1c"),
		}),
		"subnetStrategy": resource.NewStringProperty(strategyAuto),
		"subnetSpecs": resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewObjectProperty(resource.PropertyMap{
				"type":     resource.NewStringProperty(subnetIsolated),
				"cidrMask": resource.NewNumberProperty(24),
			}),
		}),
		"natGateways": resource.NewObjectProperty(resource.PropertyMap{
			"strategy": resource.NewStringProperty(natNone),
		}),
		"vpcEndpointSpecs": resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewObjectProperty(resource.PropertyMap{
				"serviceName": resource.NewStringProperty("com.amazonaws.us-east-1.s3"),
			}),
		}),
	})

	counts := countByType(mocks.Resources())
	assert.Equal(t, 2, counts[typeSubnet])
	assert.Equal(t, 0, counts[typeRoute], "isolated subnets have no default route")
	assert.Equal(t, 0, counts[typeNatGateway])
	assert.Equal(t, 1, counts[typeInternetGateway], "awsx creates the internet gateway anyway")
	assert.Equal(t, 1, counts[typeVpcEndpoint])
	subnet, ok := mocks.Find(typeSubnet, "db-isolated-2")
	require.True(t, ok, "isolated subnet of the second zone is registered")
	assert.Equal(t, resource.NewStringProperty("us-east-1c"), subnet.Inputs["availabilityZone"])
	assert.Len(t, state["isolatedSubnetIds"], 2)
	assert.Len(t, state["vpcEndpoints"], 1)
	assert.Equal(t, []any{map[string]any{"type": subnetIsolated, "cidrMask": 24, "size": 256}}, state["subnetLayout"])
}

func TestReadVpcArgsRejectsUnknownLayoutInput(t *testing.T) {
	_, err := readVpcArgs(resource.PropertyMap{
		"cidrBlock": resource.MakeComputed(resource.NewStringProperty("")),
	})

	require.Error(t, err)
	assert.Contains(t, err.Error(), `input "cidrBlock" is unknown`)
}

func TestReadVpcArgsKeepsUnknownPassThrough(t *testing.T) {
	args, err := readVpcArgs(resource.PropertyMap{
		"enableDnsHostnames": resource.MakeOutput(resource.NewBoolProperty(true)),
		"instanceTenancy":    resource.MakeComputed(resource.NewStringProperty("")),
	})

	require.NoError(t, err)
	assert.True(t, args.vpcInputs["instanceTenancy"].IsComputed())
	assert.Contains(t, args.vpcInputs, resource.PropertyKey("enableDnsHostnames"))
}

func TestReadVpcArgsRejectsBadValues(t *testing.T) {
	tests := []struct {
		name   string
		inputs resource.PropertyMap
		want   string
	}{
		{
			name:   "fractional zone count",
			inputs: resource.PropertyMap{"numberOfAvailabilityZones": resource.NewNumberProperty(2.5)},
			want:   "invalid numberOfAvailabilityZones: expected a whole number",
		},
		{
			name: "spec without type",
			inputs: resource.PropertyMap{"subnetSpecs": resource.NewArrayProperty([]resource.PropertyValue{
				resource.NewObjectProperty(resource.PropertyMap{}),
			})},
			want: "invalid subnetSpecs[0]: missing type",
		},
		{
			name: "endpoint without service",
			inputs: resource.PropertyMap{"vpcEndpointSpecs": resource.NewArrayProperty([]resource.PropertyValue{
				resource.NewObjectProperty(resource.PropertyMap{}),
			})},
			want: "invalid vpcEndpointSpecs[0]: missing serviceName",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readVpcArgs(tt.inputs)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
