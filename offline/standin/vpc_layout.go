package standin

import (
	"errors"
	"fmt"
	"math/bits"
	"regexp"
	"slices"
	"strings"
)

// Subnet types, subnet allocation strategies and NAT gateway strategies of awsx:ec2:Vpc.
const (
	subnetPublic   = "Public"
	subnetPrivate  = "Private"
	subnetIsolated = "Isolated"
	subnetUnused   = "Unused"

	strategyLegacy = "Legacy"
	strategyAuto   = "Auto"
	strategyExact  = "Exact"

	natNone     = "None"
	natSingle   = "Single"
	natOnePerAz = "OnePerAz"
)

// defaultVpcCIDR is the CIDR block of an awsx VPC created without cidrBlock.
const defaultVpcCIDR = "10.0.0.0/16"

// defaultZoneCount is the number of availability zones an awsx VPC uses without zone arguments.
const defaultZoneCount = 3

// subnetSpec is one entry of the subnetSpecs input of awsx:ec2:Vpc.
type subnetSpec struct {
	Type       string
	Name       string
	CidrMask   *int
	Size       *int
	CidrBlocks []string
	Tags       map[string]string
}

// natGatewayConfig is the natGateways input of awsx:ec2:Vpc.
type natGatewayConfig struct {
	Strategy               string
	ElasticIPAllocationIDs []string
}

// vpcLayoutArgs are the inputs of awsx:ec2:Vpc that decide the subnet layout, as plain values.
type vpcLayoutArgs struct {
	CidrBlock                 string
	AvailabilityZoneNames     []string
	NumberOfAvailabilityZones *int
	AvailabilityZoneCidrMask  *int
	SubnetStrategy            string
	SubnetSpecs               []subnetSpec
	NatGateways               *natGatewayConfig
	Ipv4IpamPoolID            string
	Ipv4NetmaskLength         *int
}

// plannedSubnet is one subnet of the layout.
type plannedSubnet struct {
	Name             string
	Type             string
	AvailabilityZone string
	ZoneIndex        int
	CidrBlock        string
	Tags             map[string]string
}

// resolvedSubnetSpec is one entry of the subnetLayout output.
type resolvedSubnetSpec struct {
	Type       string
	Name       string
	CidrMask   int
	Size       int
	CidrBlocks []string
}

// vpcLayout is the plan of an awsx VPC: zones, subnets in creation order and the NAT gateway strategy.
type vpcLayout struct {
	CidrBlock         string
	AvailabilityZones []string
	// Subnets lists the subnets to create, zone by zone, public first, then private, then isolated.
	Subnets                []plannedSubnet
	NatStrategy            string
	ElasticIPAllocationIDs []string
	SubnetLayout           []resolvedSubnetSpec
}

// planVpcLayout computes the subnets of an awsx:ec2:Vpc named name the way awsx v2.22.0 does.
// regionZones are the availability zones of the region, used when the arguments name none.
func planVpcLayout(name string, args vpcLayoutArgs, regionZones []string) (vpcLayout, error) {
	if args.Ipv4IpamPoolID != "" {
		if args.CidrBlock != "" && args.Ipv4NetmaskLength != nil {
			return vpcLayout{}, errors.New("only one of cidrBlock and ipv4NetmaskLength may be set")
		}
		if args.CidrBlock == "" && args.Ipv4NetmaskLength == nil {
			return vpcLayout{}, errors.New("ipv4IpamPoolId needs ipv4NetmaskLength or cidrBlock")
		}
	}
	if len(args.AvailabilityZoneNames) > 0 && args.NumberOfAvailabilityZones != nil {
		return vpcLayout{}, errors.New("only one of availabilityZoneNames and numberOfAvailabilityZones may be set")
	}

	zones, err := chooseZones(args, regionZones)
	if err != nil {
		return vpcLayout{}, err
	}

	natStrategy := natOnePerAz
	var allocationIDs []string
	if args.NatGateways != nil {
		if args.NatGateways.Strategy != "" {
			natStrategy = args.NatGateways.Strategy
		}
		allocationIDs = args.NatGateways.ElasticIPAllocationIDs
	}
	if err := validateElasticIPs(natStrategy, allocationIDs, len(zones)); err != nil {
		return vpcLayout{}, err
	}

	strategy := args.SubnetStrategy
	if strategy == "" {
		strategy = strategyLegacy
	}
	if !slices.Contains([]string{strategyLegacy, strategyAuto, strategyExact}, strategy) {
		return vpcLayout{}, fmt.Errorf("invalid subnetStrategy %q; use %q, %q or %q",
			strategy, strategyLegacy, strategyAuto, strategyExact)
	}

	cidrText := args.CidrBlock
	if cidrText == "" {
		if args.Ipv4IpamPoolID != "" {
			// NOTE: awsx allocates the subnets after AWS assigns the block, which the stand-in cannot wait for.
			return vpcLayout{}, errors.New("IPAM-allocated VPC CIDR blocks are not supported by the stand-in awsx provider; set cidrBlock")
		}
		cidrText = defaultVpcCIDR
	}
	vpcCIDR, err := parseCIDR(cidrText)
	if err != nil {
		return vpcLayout{}, fmt.Errorf("reading cidrBlock: %w", err)
	}

	specs, explicit, err := normalizeSubnetSpecs(args.SubnetSpecs, len(zones))
	if err != nil {
		return vpcLayout{}, err
	}

	var subnets []plannedSubnet
	switch {
	case specs == nil && strategy != strategyAuto, strategy == strategyLegacy:
		subnets, err = legacySubnets(name, vpcCIDR, zones, specs)
	case explicit:
		subnets, err = explicitSubnets(name, zones, specs)
	default:
		subnets, err = autoSubnets(name, vpcCIDR, zones, specs, args.AvailabilityZoneCidrMask)
	}
	if err != nil {
		return vpcLayout{}, err
	}

	if err := validateNoOverlap(subnets); err != nil {
		return vpcLayout{}, err
	}
	if strategy == strategyExact {
		if err := validateNoGaps(vpcCIDR, subnets); err != nil {
			return vpcLayout{}, err
		}
	}
	if err := validateNatStrategy(natStrategy, subnets); err != nil {
		return vpcLayout{}, err
	}

	var layout []resolvedSubnetSpec
	if strategy == strategyLegacy || specs == nil {
		layout, err = layoutFromSubnets(subnets, len(zones))
		if err != nil {
			return vpcLayout{}, err
		}
	} else {
		layout = layoutFromSpecs(specs)
	}

	return vpcLayout{
		CidrBlock:              cidrText,
		AvailabilityZones:      zones,
		Subnets:                creationOrder(subnets, zones),
		NatStrategy:            natStrategy,
		ElasticIPAllocationIDs: allocationIDs,
		SubnetLayout:           layout,
	}, nil
}

// chooseZones returns the zones named in the arguments, or the first numberOfAvailabilityZones (3 by
// default) of the region.
func chooseZones(args vpcLayoutArgs, regionZones []string) ([]string, error) {
	if len(args.AvailabilityZoneNames) > 0 {
		return args.AvailabilityZoneNames, nil
	}
	count := defaultZoneCount
	if args.NumberOfAvailabilityZones != nil {
		count = *args.NumberOfAvailabilityZones
	}
	if count < 1 || len(regionZones) < count {
		return nil, fmt.Errorf("the region has %d availability zones but the VPC asks for %d; "+
			"set availabilityZoneNames or a smaller numberOfAvailabilityZones", len(regionZones), count)
	}
	return regionZones[:count], nil
}

// validateElasticIPs checks that explicit Elastic IP allocation ids match the NAT gateway strategy.
func validateElasticIPs(strategy string, allocationIDs []string, zoneCount int) error {
	switch strings.ToLower(strategy) {
	case "none":
		if len(allocationIDs) > 0 {
			return fmt.Errorf("natGateways.elasticIpAllocationIds must be empty when the strategy is %q", strategy)
		}
	case "single":
		if len(allocationIDs) > 1 {
			return fmt.Errorf("natGateways.elasticIpAllocationIds may hold one id when the strategy is %q", strategy)
		}
	case "oneperaz":
		if len(allocationIDs) > 0 && len(allocationIDs) != zoneCount {
			return fmt.Errorf("natGateways.elasticIpAllocationIds must hold one id per availability zone (%d) "+
				"when the strategy is %q", zoneCount, strategy)
		}
	default:
		return fmt.Errorf("invalid natGateways.strategy %q; use %q, %q or %q", strategy, natNone, natSingle, natOnePerAz)
	}
	return nil
}

// validateNatStrategy checks that NAT gateways have a public subnet to live in and a private subnet to serve.
func validateNatStrategy(strategy string, subnets []plannedSubnet) error {
	if strings.EqualFold(strategy, natNone) {
		return nil
	}
	hasType := func(typ string) bool {
		return slices.ContainsFunc(subnets, func(s plannedSubnet) bool { return strings.EqualFold(s.Type, typ) })
	}
	if !hasType(subnetPublic) || !hasType(subnetPrivate) {
		return fmt.Errorf("NAT gateway strategy %q needs both private and public subnets; add them to subnetSpecs "+
			"or set natGateways.strategy to %q", strategy, natNone)
	}
	return nil
}

// maxSubnetMask is the largest prefix length in the list of valid subnet sizes of awsx (sizes 4 to 2^32).
const maxSubnetMask = 30

// maskForSize returns the prefix length of a block with size addresses, or false when size is not a power
// of two between 4 and 2^32.
func maskForSize(size int) (int, bool) {
	if size < 4 || size&(size-1) != 0 || uint64(size) > 1<<32 {
		return 0, false
	}
	return 32 - (bits.Len64(uint64(size)) - 1), true
}

// normalizeSubnetSpecs checks the subnet specs and fills cidrMask from size. explicit is true when the specs
// give their CIDR blocks per zone.
func normalizeSubnetSpecs(specs []subnetSpec, zoneCount int) ([]subnetSpec, bool, error) {
	if specs == nil {
		return nil, false, nil
	}
	var issues []string
	for _, spec := range specs {
		if spec.Size != nil {
			if _, ok := maskForSize(*spec.Size); !ok {
				issues = append(issues, fmt.Sprintf("invalid subnet size %d; use a power of two from 4 to 4294967296", *spec.Size))
			}
		}
	}

	explicit := slices.ContainsFunc(specs, func(s subnetSpec) bool { return s.CidrBlocks != nil })
	normalized := make([]subnetSpec, 0, len(specs))
	for i, spec := range specs {
		switch {
		case explicit && spec.CidrBlocks == nil:
			issues = append(issues, "when one subnet spec has cidrBlocks, every subnet spec needs them")
			continue
		case explicit && len(spec.CidrBlocks) != zoneCount:
			issues = append(issues, fmt.Sprintf("subnetSpecs[%d] has %d cidrBlocks; give one per availability zone (%d)",
				i, len(spec.CidrBlocks), zoneCount))
			continue
		case explicit:
			for _, block := range spec.CidrBlocks {
				parsed, err := parseCIDR(block)
				if err != nil {
					issues = append(issues, fmt.Sprintf("subnetSpecs[%d]: %v", i, err))
					continue
				}
				if spec.CidrMask != nil && parsed.mask != *spec.CidrMask {
					issues = append(issues, fmt.Sprintf("the cidrMask of subnetSpecs[%d] must match all its cidrBlocks or be unset", i))
				}
				if spec.Size != nil && parsed.size() != uint64(*spec.Size) {
					issues = append(issues, fmt.Sprintf("the size of subnetSpecs[%d] must match all its cidrBlocks or be unset", i))
				}
			}
		default:
			if spec.CidrMask == nil && spec.Size != nil {
				if mask, ok := maskForSize(*spec.Size); ok {
					spec.CidrMask = &mask
				}
			}
			if spec.CidrMask != nil && *spec.CidrMask > 0 && *spec.CidrMask <= maxSubnetMask {
				size := 1 << (32 - *spec.CidrMask)
				if spec.Size != nil && *spec.Size != size {
					issues = append(issues, fmt.Sprintf("subnet size %d does not match the size of a /%d block (%d)",
						*spec.Size, *spec.CidrMask, size))
				}
				spec.Size = &size
			}
		}
		normalized = append(normalized, spec)
	}
	if len(issues) > 0 {
		return nil, false, fmt.Errorf("invalid subnetSpecs:\n - %s", strings.Join(issues, "\n - "))
	}
	return normalized, explicit, nil
}

// legacySubnets allocates subnets with the Legacy strategy: the VPC block is split evenly between the zones,
// and in each zone private subnets come first (/19 by default), then public (/20), then isolated (/24).
// Within a zone the list order is private, public, isolated. Without specs, all private subnets precede all
// public ones.
func legacySubnets(vpcName string, vpc cidr, zones []string, specs []subnetSpec) ([]plannedSubnet, error) {
	zoneBlocks := make([]cidr, len(zones))
	for i := range zones {
		block, err := vpc.subnet(bitsFor(len(zones)), i)
		if err != nil {
			return nil, fmt.Errorf("splitting the VPC block between zones: %w", err)
		}
		zoneBlocks[i] = block
	}

	if specs == nil {
		return legacyDefaultSubnets(vpcName, zones, zoneBlocks)
	}

	baseMask := zoneBlocks[0].mask
	byType := func(typ string) []subnetSpec {
		var out []subnetSpec
		for _, s := range specs {
			if strings.EqualFold(s.Type, typ) {
				out = append(out, s)
			}
		}
		return out
	}
	private, public, isolated := byType(subnetPrivate), byType(subnetPublic), byType(subnetIsolated)
	bitsPerSubnet := 1
	if len(specs) == 1 {
		bitsPerSubnet = 0
	}

	var out []plannedSubnet
	for i, zone := range zones {
		// The search starts one address before the zone block.
		current := cidr{addr: zoneBlocks[i].first() - 1, mask: 32}
		var zoneSubnets []plannedSubnet
		var lastPrivate, lastPublic *cidr

		place := func(spec subnetSpec, typ string, splitBase cidr, baseForBits cidr, defaultMask, index int) (cidr, error) {
			mask := max(baseMask+bitsPerSubnet, defaultMask)
			if spec.CidrMask != nil {
				mask = *spec.CidrMask
			}
			next, err := splitBase.subnet(mask-baseForBits.mask, index)
			if err != nil {
				return cidr{}, err
			}
			if overlaps(current, next) {
				if next, err = blockAfter(current, mask); err != nil {
					return cidr{}, err
				}
			}
			zoneSubnets = append(zoneSubnets, plannedSubnet{
				Name:             legacySubnetName(vpcName, spec, typ, i),
				Type:             typ,
				AvailabilityZone: zone,
				ZoneIndex:        i,
				CidrBlock:        next.String(),
				Tags:             spec.Tags,
			})
			current = next
			return next, nil
		}

		for j, spec := range private {
			block, err := place(spec, subnetPrivate, zoneBlocks[i], zoneBlocks[i], 19, j)
			if err != nil {
				return nil, fmt.Errorf("allocating private subnet %d in %s: %w", j+1, zone, err)
			}
			lastPrivate = &block
		}
		for j, spec := range public {
			base, split := zoneBlocks[i], zoneBlocks[i]
			if lastPrivate != nil {
				base = *lastPrivate
				var err error
				if split, err = base.subnet(0, 1); err != nil {
					return nil, fmt.Errorf("allocating public subnet %d in %s: %w", j+1, zone, err)
				}
			}
			block, err := place(spec, subnetPublic, split, base, 20, j)
			if err != nil {
				return nil, fmt.Errorf("allocating public subnet %d in %s: %w", j+1, zone, err)
			}
			lastPublic = &block
		}
		for j, spec := range isolated {
			base, split := zoneBlocks[i], zoneBlocks[i]
			switch {
			case lastPublic != nil:
				base = *lastPublic
			case lastPrivate != nil:
				base = *lastPrivate
			}
			if lastPublic != nil || lastPrivate != nil {
				var err error
				if split, err = base.subnet(0, 1); err != nil {
					return nil, fmt.Errorf("allocating isolated subnet %d in %s: %w", j+1, zone, err)
				}
			}
			if _, err := place(spec, subnetIsolated, split, base, 24, j); err != nil {
				return nil, fmt.Errorf("allocating isolated subnet %d in %s: %w", j+1, zone, err)
			}
		}
		out = append(out, zoneSubnets...)
	}
	return out, nil
}

// legacyDefaultSubnets returns the default Legacy layout: in each zone block, the first half is the private
// subnet and the first quarter of the second half is the public subnet.
func legacyDefaultSubnets(vpcName string, zones []string, zoneBlocks []cidr) ([]plannedSubnet, error) {
	private := make([]plannedSubnet, len(zones))
	public := make([]plannedSubnet, len(zones))
	for i, zone := range zones {
		privateBlock, err := zoneBlocks[i].subnet(1, 0)
		if err != nil {
			return nil, fmt.Errorf("allocating the private subnet in %s: %w", zone, err)
		}
		secondHalf, err := privateBlock.subnet(0, 1)
		if err != nil {
			return nil, fmt.Errorf("allocating the public subnet in %s: %w", zone, err)
		}
		publicBlock, err := secondHalf.subnet(1, 0)
		if err != nil {
			return nil, fmt.Errorf("allocating the public subnet in %s: %w", zone, err)
		}
		private[i] = plannedSubnet{
			Name: fmt.Sprintf("%s-private-%d", vpcName, i+1), Type: subnetPrivate,
			AvailabilityZone: zone, ZoneIndex: i, CidrBlock: privateBlock.String(),
		}
		public[i] = plannedSubnet{
			Name: fmt.Sprintf("%s-public-%d", vpcName, i+1), Type: subnetPublic,
			AvailabilityZone: zone, ZoneIndex: i, CidrBlock: publicBlock.String(),
		}
	}
	return append(private, public...), nil
}

// legacySubnetName returns "<vpc>-<spec name or type>-<zone number>".
func legacySubnetName(vpcName string, spec subnetSpec, typ string, zoneIndex int) string {
	specName := spec.Name
	if specName == "" {
		specName = strings.ToLower(typ)
	}
	return fmt.Sprintf("%s-%s-%d", vpcName, specName, zoneIndex+1)
}

// subnetName returns the name of a subnet in the Auto, Exact and explicit layouts, which keep the spec's
// type as written.
func subnetName(vpcName string, spec subnetSpec, zoneIndex int) string {
	specName := spec.Name
	if specName == "" {
		specName = strings.ToLower(spec.Type)
	}
	return fmt.Sprintf("%s-%s-%d", vpcName, specName, zoneIndex+1)
}

// autoSubnets allocates subnets with the Auto and Exact strategies: the VPC block is split evenly between
// the zones, and in each zone the specs take consecutive blocks in the order given. Without specs, each zone
// gets a private subnet of half the zone block and a public one of a quarter, both within the first /16.
func autoSubnets(vpcName string, vpc cidr, zones []string, specs []subnetSpec, zoneMask *int) ([]plannedSubnet, error) {
	vpcBlock := vpc.normalized()
	zoneBits := vpcBlock.mask + bitsFor(len(zones))
	if zoneMask != nil {
		zoneBits = *zoneMask
	}

	allocation := specs
	if allocation == nil {
		if zoneBits > 26 {
			return nil, fmt.Errorf("default subnets need at least a /26 block per availability zone, but each zone "+
				"gets a /%d; give subnetSpecs explicitly", zoneBits)
		}
		widest := max(zoneBits, 16)
		privateMask, publicMask := widest+1, widest+2
		allocation = []subnetSpec{
			{Type: subnetPrivate, CidrMask: &privateMask},
			{Type: subnetPublic, CidrMask: &publicMask},
		}
	}
	if len(allocation) == 0 {
		return nil, errors.New("subnetSpecs is empty; give at least one subnet spec")
	}

	defaultMask := zoneBits + bitsFor(len(allocation))
	maskOf := func(spec subnetSpec) int {
		if spec.CidrMask != nil {
			return *spec.CidrMask
		}
		return defaultMask
	}
	zoneSize := uint64(1) << (32 - zoneBits)
	var needed uint64
	for _, spec := range allocation {
		needed += uint64(1) << (32 - maskOf(spec))
	}
	if needed > zoneSize {
		return nil, fmt.Errorf("subnets are too large for the VPC: each availability zone has %d addresses, "+
			"but the subnets need %d", zoneSize, needed)
	}

	zoneBlock := cidr{addr: vpcBlock.addr, mask: zoneBits}.normalized()
	var out []plannedSubnet
	for i, zone := range zones {
		var current *cidr
		for _, spec := range allocation {
			var block cidr
			var err error
			if current == nil {
				block = cidr{addr: zoneBlock.addr, mask: maskOf(spec)}.normalized()
			} else if block, err = blockAfterUsable(*current, maskOf(spec)); err != nil {
				return nil, fmt.Errorf("allocating subnets in %s: %w", zone, err)
			}
			current = &block
			out = append(out, plannedSubnet{
				Name:             subnetName(vpcName, spec, i),
				Type:             spec.Type,
				AvailabilityZone: zone,
				ZoneIndex:        i,
				CidrBlock:        block.String(),
				Tags:             spec.Tags,
			})
		}
		next, err := zoneBlock.next()
		if err != nil && i < len(zones)-1 {
			return nil, fmt.Errorf("allocating the block of zone %s: %w", zones[i+1], err)
		}
		zoneBlock = next
	}
	return out, nil
}

// explicitSubnets places each spec in each zone at the CIDR block the spec gives for that zone.
func explicitSubnets(vpcName string, zones []string, specs []subnetSpec) ([]plannedSubnet, error) {
	var out []plannedSubnet
	for i, zone := range zones {
		for _, spec := range specs {
			out = append(out, plannedSubnet{
				Name:             subnetName(vpcName, spec, i),
				Type:             spec.Type,
				AvailabilityZone: zone,
				ZoneIndex:        i,
				CidrBlock:        spec.CidrBlocks[i],
				Tags:             spec.Tags,
			})
		}
	}
	return out, nil
}

// validateNoOverlap rejects layouts in which one subnet block contains another.
func validateNoOverlap(subnets []plannedSubnet) error {
	var overlapping []string
	for i, a := range subnets {
		blockA, err := parseCIDR(a.CidrBlock)
		if err != nil {
			return err
		}
		for j, b := range subnets {
			if i == j {
				continue
			}
			blockB, err := parseCIDR(b.CidrBlock)
			if err != nil {
				return err
			}
			if blockA.containsBlock(blockB) || blockB.containsBlock(blockA) {
				overlapping = append(overlapping, fmt.Sprintf("%s: %s", a.Name, a.CidrBlock))
				break
			}
		}
	}
	if len(overlapping) > 0 {
		return fmt.Errorf("subnets overlap; make the VPC CIDR block larger, the subnets smaller or use fewer "+
			"availability zones:\n - %s", strings.Join(overlapping, "\n - "))
	}
	return nil
}

// validateNoGaps checks, for the Exact strategy, that the subnets cover the VPC block without gaps.
func validateNoGaps(vpc cidr, subnets []plannedSubnet) error {
	vpcBlock := vpc.normalized()
	var gaps []string
	var previous *cidr
	var previousName string
	for _, s := range subnets {
		block, err := parseCIDR(s.CidrBlock)
		if err != nil {
			return err
		}
		block = block.normalized()
		if previous == nil {
			if block.addr != vpcBlock.addr {
				gaps = append(gaps, fmt.Sprintf("%s (%s) does not start at the beginning of the VPC (%s)", s.Name, s.CidrBlock, vpc))
			}
		} else if expected, err := previous.next(); err != nil || expected.addr != block.addr {
			gaps = append(gaps, fmt.Sprintf("%s (%s) and %s (%s)", previousName, previous, s.Name, s.CidrBlock))
		}
		previous, previousName = &block, s.Name
	}
	if previous != nil && previous.lastUsable() != vpcBlock.lastUsable() {
		gaps = append(gaps, fmt.Sprintf("%s (ending %s) ends before the VPC (ending %s)",
			previousName, formatIPv4(previous.lastUsable()), formatIPv4(vpcBlock.lastUsable())))
	}
	if len(gaps) > 0 {
		return fmt.Errorf("the Exact strategy needs subnets without gaps; fix these gaps or add Unused subnet specs: %s",
			strings.Join(gaps, ", "))
	}
	return nil
}

// trailingZoneNumber matches the "-<zone number>" suffix of a subnet name.
var trailingZoneNumber = regexp.MustCompile(`-\d+$`)

// layoutFromSubnets derives the subnetLayout output of the Legacy strategy and of layouts without specs from
// the subnets of the first zone: their types and masks, with Unused entries for the gaps between them.
//
// awsx v2.22.0 takes the first (subnet count / zone count) entries of the subnet list. For the default
// Legacy layout, whose list has all private subnets before the public ones, these are private subnets of
// several zones, and the output shows them. The output has no names or tags, because awsx drops them in this
// conversion.
func layoutFromSubnets(subnets []plannedSubnet, zoneCount int) ([]resolvedSubnetSpec, error) {
	if zoneCount == 0 {
		return nil, nil
	}
	var out []resolvedSubnetSpec
	var previous *cidr
	for _, s := range subnets[:len(subnets)/zoneCount] {
		block, err := parseCIDR(s.CidrBlock)
		if err != nil {
			return nil, err
		}
		block = block.normalized()
		if previous != nil {
			gaps, err := gapBlocks(*previous, block)
			if err != nil {
				return nil, err
			}
			for _, gap := range gaps {
				out = append(out, resolvedSubnetSpec{Type: subnetUnused, CidrMask: gap.mask})
			}
		}
		out = append(out, resolvedSubnetSpec{Type: s.Type, CidrMask: block.mask})
		previous = &block
	}
	return out, nil
}

// gapBlocks returns the widest aligned blocks that fill the space between two blocks.
func gapBlocks(a, b cidr) ([]cidr, error) {
	start, end := a, b
	if b.addr < a.addr {
		start, end = b, a
	}
	var gaps []cidr
	previous := a
	next, err := start.next()
	if err != nil {
		return nil, nil
	}
	for next.addr < end.addr {
		for next.mask > 0 {
			wider := cidr{addr: next.addr, mask: next.mask - 1}.normalized()
			if wider.contains(previous.lastUsable()) || wider.contains(end.firstUsable()) {
				break
			}
			next = wider
		}
		gaps = append(gaps, next)
		previous = next
		if next, err = next.next(); err != nil {
			break
		}
	}
	return gaps, nil
}

// layoutFromSpecs returns the subnetLayout output for specs given with the Auto or Exact strategy.
func layoutFromSpecs(specs []subnetSpec) []resolvedSubnetSpec {
	out := make([]resolvedSubnetSpec, 0, len(specs))
	for _, spec := range specs {
		resolved := resolvedSubnetSpec{Type: spec.Type, Name: spec.Name, CidrBlocks: spec.CidrBlocks}
		if spec.CidrMask != nil {
			resolved.CidrMask = *spec.CidrMask
		}
		if spec.Size != nil {
			resolved.Size = *spec.Size
		}
		out = append(out, resolved)
	}
	return out
}

// creationOrder returns the subnets that awsx creates, zone by zone, public first, then private, then
// isolated, each group in allocation order. Unused subnets are left out.
func creationOrder(subnets []plannedSubnet, zones []string) []plannedSubnet {
	rank := func(typ string) int {
		switch strings.ToLower(typ) {
		case "public":
			return 0
		case "private":
			return 1
		default:
			return 2
		}
	}
	var out []plannedSubnet
	for i := range zones {
		var zone []plannedSubnet
		for _, s := range subnets {
			if s.ZoneIndex == i && s.Type != subnetUnused {
				zone = append(zone, s)
			}
		}
		slices.SortStableFunc(zone, func(a, b plannedSubnet) int { return rank(a.Type) - rank(b.Type) })
		out = append(out, zone...)
	}
	return out
}
