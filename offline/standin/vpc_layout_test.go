package standin

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intPtr(n int) *int { return &n }

func mustCIDR(t *testing.T, s string) cidr {
	t.Helper()
	c, err := parseCIDR(s)
	require.NoError(t, err)
	return c
}

func cidrBlocks(subnets []plannedSubnet) []string {
	out := make([]string, 0, len(subnets))
	for _, s := range subnets {
		out = append(out, s.CidrBlock)
	}
	return out
}

func subnetNames(subnets []plannedSubnet) []string {
	out := make([]string, 0, len(subnets))
	for _, s := range subnets {
		out = append(out, s.Name)
	}
	return out
}

func TestLegacyDefaultLayout(t *testing.T) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}

	subnets, err := legacySubnets("vpcname", mustCIDR(t, "10.0.0.0/16"), zones, nil)

	require.NoError(t, err)
	assert.Equal(t, []string{
		"vpcname-private-1", "vpcname-private-2", "vpcname-private-3",
		"vpcname-public-1", "vpcname-public-2", "vpcname-public-3",
	}, subnetNames(subnets))
	assert.Equal(t, []string{
		"10.0.0.0/19", "10.0.64.0/19", "10.0.128.0/19",
		"10.0.32.0/20", "10.0.96.0/20", "10.0.160.0/20",
	}, cidrBlocks(subnets))
	assert.Equal(t, "us-east-1b", subnets[4].AvailabilityZone)
	assert.Equal(t, 1, subnets[4].ZoneIndex)
}

func TestLegacyTwoTypes(t *testing.T) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	tests := []struct {
		name         string
		wideType     string
		narrowType   string
		wantBlocks   []string
		wantSubnetNo []string
	}{
		{name: "private and public", wideType: subnetPrivate, narrowType: subnetPublic},
		{name: "public and isolated", wideType: subnetPublic, narrowType: subnetIsolated},
		{name: "private and isolated", wideType: subnetPrivate, narrowType: subnetIsolated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			specs := []subnetSpec{
				{Type: tt.wideType, Name: "foo", CidrMask: intPtr(19)},
				{Type: tt.narrowType, Name: "bar", CidrMask: intPtr(20)},
			}

			subnets, err := legacySubnets("vpcname", mustCIDR(t, "10.0.0.0/16"), zones, specs)

			require.NoError(t, err)
			assert.Equal(t, []string{
				"10.0.0.0/19", "10.0.32.0/20", "10.0.64.0/19", "10.0.96.0/20", "10.0.128.0/19", "10.0.160.0/20",
			}, cidrBlocks(subnets))
			assert.Equal(t, []string{
				"vpcname-foo-1", "vpcname-bar-1", "vpcname-foo-2", "vpcname-bar-2", "vpcname-foo-3", "vpcname-bar-3",
			}, subnetNames(subnets))
		})
	}
}

func TestLegacyDefaultMasks(t *testing.T) {
	tests := []struct {
		name string
		vpc  string
		want []string
	}{
		{name: "/16 zone", vpc: "10.0.0.0/16", want: []string{"/19", "/20", "/24"}},
		{name: "/18 zone", vpc: "10.0.0.0/18", want: []string{"/19", "/20", "/24"}},
		{name: "/19 zone", vpc: "10.0.0.0/19", want: []string{"/20", "/20", "/24"}},
		{name: "/21 zone", vpc: "10.0.0.0/21", want: []string{"/22", "/22", "/24"}},
		{name: "/23 zone", vpc: "10.0.0.0/23", want: []string{"/24", "/24", "/24"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			specs := []subnetSpec{{Type: subnetPrivate}, {Type: subnetPublic}, {Type: subnetIsolated}}

			subnets, err := legacySubnets("vpcName", mustCIDR(t, tt.vpc), []string{"us-east-1a"}, specs)

			require.NoError(t, err)
			var masks []string
			for _, s := range subnets {
				masks = append(masks, s.CidrBlock[len(s.CidrBlock)-3:])
			}
			assert.Equal(t, tt.want, masks)
		})
	}
}

func TestAutoDefaultLayout(t *testing.T) {
	for _, zoneMask := range []int{16, 17, 20, 24} {
		t.Run(fmt.Sprintf("/%d zone", zoneMask), func(t *testing.T) {
			vpc := mustCIDR(t, fmt.Sprintf("10.0.0.0/%d", zoneMask))

			subnets, err := autoSubnets("vpcName", vpc, []string{"us-east-1a"}, nil, nil)

			require.NoError(t, err)
			require.Len(t, subnets, 2)
			assert.Equal(t, subnetPrivate, subnets[0].Type)
			assert.Equal(t, zoneMask+1, mustCIDR(t, subnets[0].CidrBlock).mask)
			assert.Equal(t, subnetPublic, subnets[1].Type)
			assert.Equal(t, zoneMask+2, mustCIDR(t, subnets[1].CidrBlock).mask)
		})
	}
}

func TestAutoDefaultMatchesLegacy(t *testing.T) {
	zones := []string{"a", "b", "c"}
	vpc := mustCIDR(t, "10.0.0.0/16")

	auto, err := autoSubnets("vpcName", vpc, zones, nil, nil)
	require.NoError(t, err)
	legacy, err := legacySubnets("vpcName", vpc, zones, nil)
	require.NoError(t, err)

	assert.ElementsMatch(t, legacy, auto)
}

func TestAutoZoneMaskOverride(t *testing.T) {
	subnets, err := autoSubnets("vpcName", mustCIDR(t, "10.0.0.0/16"), []string{"us-east-1a"},
		[]subnetSpec{{Type: subnetPublic}}, intPtr(19))

	require.NoError(t, err)
	assert.Equal(t, []string{"10.0.0.0/19"}, cidrBlocks(subnets))
}

func TestAutoRejectsOversizedSubnets(t *testing.T) {
	_, err := autoSubnets("vpcName", mustCIDR(t, "10.0.0.0/24"), []string{"a"},
		[]subnetSpec{{Type: subnetPublic, CidrMask: intPtr(24)}, {Type: subnetPrivate, CidrMask: intPtr(24)}}, nil)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "subnets are too large")
}

func TestBlockAfterUsable(t *testing.T) {
	tests := []struct {
		name     string
		previous string
		mask     int
		want     string
	}{
		{name: "narrower", previous: "10.0.0.0/16", mask: 17, want: "10.1.0.0/17"},
		{name: "wider", previous: "10.0.0.0/17", mask: 16, want: "10.1.0.0/16"},
		{name: "same", previous: "10.0.0.0/19", mask: 19, want: "10.0.32.0/19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, err := blockAfterUsable(mustCIDR(t, tt.previous), tt.mask)

			require.NoError(t, err)
			assert.Equal(t, tt.want, next.String())
		})
	}
}

func TestValidateNoGaps(t *testing.T) {
	tests := []struct {
		name    string
		subnets []plannedSubnet
		wantErr string
	}{
		{name: "single subnet", subnets: []plannedSubnet{{Name: "sub1", CidrBlock: "10.0.0.0/16"}}},
		{
			name: "gap between",
			subnets: []plannedSubnet{
				{Name: "sub1", CidrBlock: "10.0.0.0/18"},
				{Name: "sub2", CidrBlock: "10.0.128.0/17"},
			},
			wantErr: "sub1 (10.0.0.0/18) and sub2 (10.0.128.0/17)",
		},
		{
			name:    "gap at start",
			subnets: []plannedSubnet{{Name: "sub1", CidrBlock: "10.0.128.0/17"}},
			wantErr: "sub1 (10.0.128.0/17) does not start at the beginning of the VPC (10.0.0.0/16)",
		},
		{
			name: "gap at end",
			subnets: []plannedSubnet{
				{Name: "sub1", CidrBlock: "10.0.0.0/17"},
				{Name: "sub2", CidrBlock: "10.0.128.0/18"},
			},
			wantErr: "sub2 (ending 10.0.191.254) ends before the VPC (ending 10.0.255.254)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateNoGaps(mustCIDR(t, "10.0.0.0/16"), tt.subnets)

			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestNormalizeSubnetSpecs(t *testing.T) {
	tests := []struct {
		name      string
		specs     []subnetSpec
		zones     int
		wantMask  *int
		wantSize  *int
		wantError string
	}{
		{name: "size only", specs: []subnetSpec{{Type: subnetPublic, Size: intPtr(1024)}}, zones: 1, wantMask: intPtr(22), wantSize: intPtr(1024)},
		{name: "mask only", specs: []subnetSpec{{Type: subnetPublic, CidrMask: intPtr(23)}}, zones: 1, wantMask: intPtr(23), wantSize: intPtr(512)},
		{
			name: "mask and size agree", specs: []subnetSpec{{Type: subnetPublic, CidrMask: intPtr(24), Size: intPtr(256)}},
			zones: 1, wantMask: intPtr(24), wantSize: intPtr(256),
		},
		{name: "invalid size", specs: []subnetSpec{{Type: subnetPublic, Size: intPtr(1000)}}, zones: 1, wantError: "invalid subnet size 1000"},
		{
			name: "size and mask disagree", specs: []subnetSpec{{Type: subnetPublic, CidrMask: intPtr(24), Size: intPtr(512)}},
			zones: 1, wantError: "does not match",
		},
		{
			name: "block count differs from zones", specs: []subnetSpec{{Type: subnetPublic, CidrBlocks: []string{"10.0.0.0/24"}}},
			zones: 2, wantError: "give one per availability zone (2)",
		},
		{
			name: "blocks on some specs only",
			specs: []subnetSpec{
				{Type: subnetPublic, CidrBlocks: []string{"10.0.0.0/24"}},
				{Type: subnetPrivate},
			},
			zones: 1, wantError: "every subnet spec needs them",
		},
		{
			name:  "blocks disagree with mask",
			specs: []subnetSpec{{Type: subnetPublic, CidrMask: intPtr(25), CidrBlocks: []string{"10.0.0.0/24"}}},
			zones: 1, wantError: "cidrMask of subnetSpecs[0] must match",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			normalized, _, err := normalizeSubnetSpecs(tt.specs, tt.zones)

			if tt.wantError != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantError)
				return
			}
			require.NoError(t, err)
			require.Len(t, normalized, 1)
			assert.Equal(t, tt.wantMask, normalized[0].CidrMask)
			assert.Equal(t, tt.wantSize, normalized[0].Size)
		})
	}
}

func TestExplicitSubnets(t *testing.T) {
	specs := []subnetSpec{
		{Type: subnetPublic, CidrBlocks: []string{"10.0.0.0/24", "10.0.1.0/24"}, Tags: map[string]string{"tier": "web"}},
		{Type: subnetPrivate, Name: "app", CidrBlocks: []string{"10.0.10.0/24", "10.0.11.0/24"}},
	}

	subnets, err := explicitSubnets("net", []string{"a", "b"}, specs)

	require.NoError(t, err)
	assert.Equal(t, []string{"net-public-1", "net-app-1", "net-public-2", "net-app-2"}, subnetNames(subnets))
	assert.Equal(t, []string{"10.0.0.0/24", "10.0.10.0/24", "10.0.1.0/24", "10.0.11.0/24"}, cidrBlocks(subnets))
	assert.Equal(t, map[string]string{"tier": "web"}, subnets[2].Tags)
}

func TestPlanVpcLayoutDefault(t *testing.T) {
	regionZones := []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"}

	layout, err := planVpcLayout("vpc", vpcLayoutArgs{}, regionZones)

	require.NoError(t, err)
	assert.Equal(t, defaultVpcCIDR, layout.CidrBlock)
	assert.Equal(t, regionZones[:3], layout.AvailabilityZones)
	assert.Equal(t, natOnePerAz, layout.NatStrategy)
	assert.Equal(t, []string{
		"vpc-public-1", "vpc-private-1", "vpc-public-2", "vpc-private-2", "vpc-public-3", "vpc-private-3",
	}, subnetNames(layout.Subnets), "public subnets first in each zone")
	assert.Equal(t, []resolvedSubnetSpec{
		{Type: subnetPrivate, CidrMask: 19},
		{Type: subnetUnused, CidrMask: 19},
		{Type: subnetPrivate, CidrMask: 19},
	}, layout.SubnetLayout, "awsx reads the layout from the first entries of the subnet list")
}

func TestPlanVpcLayoutAutoWithSpecs(t *testing.T) {
	args := vpcLayoutArgs{
		CidrBlock:             "10.10.0.0/16",
		AvailabilityZoneNames: []string{"eu-west-1a", "eu-west-1b"},
		SubnetStrategy:        strategyAuto,
		SubnetSpecs: []subnetSpec{
			{Type: subnetPrivate, CidrMask: intPtr(20)},
			{Type: subnetUnused, CidrMask: intPtr(20)},
			{Type: subnetIsolated, Name: "db", Size: intPtr(256)},
		},
		NatGateways: &natGatewayConfig{Strategy: natNone},
	}

	layout, err := planVpcLayout("net", args, nil)

	require.NoError(t, err)
	assert.Equal(t, []string{"net-private-1", "net-db-1", "net-private-2", "net-db-2"}, subnetNames(layout.Subnets))
	assert.Equal(t, []string{"10.10.0.0/20", "10.10.32.0/24", "10.10.128.0/20", "10.10.160.0/24"}, cidrBlocks(layout.Subnets))
	assert.Equal(t, []resolvedSubnetSpec{
		{Type: subnetPrivate, CidrMask: 20, Size: 4096},
		{Type: subnetUnused, CidrMask: 20, Size: 4096},
		{Type: subnetIsolated, Name: "db", CidrMask: 24, Size: 256},
	}, layout.SubnetLayout)
}

func TestPlanVpcLayoutExplicitNeedsStrategy(t *testing.T) {
	specs := []subnetSpec{
		{Type: subnetPublic, CidrBlocks: []string{"10.0.200.0/24"}},
		{Type: subnetPrivate, CidrBlocks: []string{"10.0.201.0/24"}},
	}
	zones := []string{"a"}

	legacy, err := planVpcLayout("vpc", vpcLayoutArgs{AvailabilityZoneNames: zones, SubnetSpecs: specs}, nil)
	require.NoError(t, err)
	auto, err := planVpcLayout("vpc", vpcLayoutArgs{AvailabilityZoneNames: zones, SubnetSpecs: specs, SubnetStrategy: strategyAuto}, nil)
	require.NoError(t, err)

	assert.Equal(t, []string{"10.0.32.0/20", "10.0.0.0/19"}, cidrBlocks(legacy.Subnets),
		"the default Legacy strategy ignores cidrBlocks, as in awsx v2.22.0")
	assert.Equal(t, []string{"10.0.200.0/24", "10.0.201.0/24"}, cidrBlocks(auto.Subnets))
	assert.Equal(t, []string{"10.0.200.0/24"}, auto.SubnetLayout[0].CidrBlocks)
}

func TestPlanVpcLayoutErrors(t *testing.T) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	tests := []struct {
		name string
		args vpcLayoutArgs
		want string
	}{
		{
			name: "zone names and count",
			args: vpcLayoutArgs{AvailabilityZoneNames: zones, NumberOfAvailabilityZones: intPtr(2)},
			want: "only one of availabilityZoneNames and numberOfAvailabilityZones",
		},
		{name: "too many zones", args: vpcLayoutArgs{NumberOfAvailabilityZones: intPtr(4)}, want: "has 3 availability zones but the VPC asks for 4"},
		{name: "invalid strategy", args: vpcLayoutArgs{SubnetStrategy: "Random"}, want: `invalid subnetStrategy "Random"`},
		{name: "invalid nat strategy", args: vpcLayoutArgs{NatGateways: &natGatewayConfig{Strategy: "Many"}}, want: `invalid natGateways.strategy "Many"`},
		{
			name: "nat without public subnets",
			args: vpcLayoutArgs{SubnetSpecs: []subnetSpec{{Type: subnetPrivate}}},
			want: "needs both private and public subnets",
		},
		{
			name: "eip count differs from zones",
			args: vpcLayoutArgs{NatGateways: &natGatewayConfig{Strategy: natOnePerAz, ElasticIPAllocationIDs: []string{"eipalloc-1"}}},
			want: "one id per availability zone (3)",
		},
		{
			name: "eips without nat",
			args: vpcLayoutArgs{NatGateways: &natGatewayConfig{Strategy: natNone, ElasticIPAllocationIDs: []string{"eipalloc-1"}}},
			want: "must be empty",
		},
		{name: "ipam without block", args: vpcLayoutArgs{Ipv4IpamPoolID: "ipam-pool-1", Ipv4NetmaskLength: intPtr(20)}, want: "IPAM-allocated"},
		{name: "ipam without size", args: vpcLayoutArgs{Ipv4IpamPoolID: "ipam-pool-1"}, want: "needs ipv4NetmaskLength or cidrBlock"},
		{name: "invalid cidr", args: vpcLayoutArgs{CidrBlock: "10.0.0.0"}, want: `invalid IPv4 CIDR block "10.0.0.0"`},
		{
			name: "overlapping explicit blocks",
			args: vpcLayoutArgs{
				AvailabilityZoneNames: []string{"a"},
				SubnetStrategy:        strategyAuto,
				SubnetSpecs: []subnetSpec{
					{Type: subnetPublic, CidrBlocks: []string{"10.0.0.0/23"}},
					{Type: subnetPrivate, CidrBlocks: []string{"10.0.1.0/24"}},
				},
			},
			want: "subnets overlap",
		},
		{
			name: "exact with gap",
			args: vpcLayoutArgs{
				AvailabilityZoneNames: []string{"a"},
				SubnetStrategy:        strategyExact,
				SubnetSpecs:           []subnetSpec{{Type: subnetPublic}, {Type: subnetPrivate}, {Type: subnetIsolated}},
			},
			want: "ends before the VPC",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := planVpcLayout("vpc", tt.args, zones)

			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestShouldCreateNatGateway(t *testing.T) {
	tests := []struct {
		name     string
		strategy string
		existing int
		zone     int
		want     bool
	}{
		{name: "none", strategy: natNone, want: false},
		{name: "single first", strategy: natSingle, want: true},
		{name: "single second zone", strategy: natSingle, existing: 1, zone: 1, want: false},
		{name: "one per zone new zone", strategy: natOnePerAz, existing: 1, zone: 1, want: true},
		{name: "one per zone same zone", strategy: natOnePerAz, existing: 2, zone: 1, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, shouldCreateNatGateway(tt.strategy, tt.existing, tt.zone))
		})
	}
}
