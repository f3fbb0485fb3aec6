package standin

import (
	"fmt"
	"math/bits"
	"net/netip"
)

// cidr is an IPv4 block as written: the address need not be the first address of the block, because the
// awsx subnet allocators compute and print such blocks.
type cidr struct {
	addr uint32
	mask int
}

// parseCIDR parses "a.b.c.d/n".
func parseCIDR(s string) (cidr, error) {
	prefix, err := netip.ParsePrefix(s)
	if err != nil || !prefix.Addr().Is4() {
		return cidr{}, fmt.Errorf("invalid IPv4 CIDR block %q; use the form 10.0.0.0/16", s)
	}
	b := prefix.Addr().As4()
	return cidr{addr: uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]), mask: prefix.Bits()}, nil
}

// String formats the block with its address as written.
func (c cidr) String() string {
	return fmt.Sprintf("%s/%d", formatIPv4(c.addr), c.mask)
}

// formatIPv4 formats an address in dotted decimal.
func formatIPv4(a uint32) string {
	return fmt.Sprintf("%d.%d.%d.%d", a>>24, a>>16&0xff, a>>8&0xff, a&0xff)
}

// maskBits returns the network mask of a prefix length.
func maskBits(mask int) uint32 {
	if mask <= 0 {
		return 0
	}
	return ^uint32(0) << (32 - mask)
}

// first returns the first address of the block.
func (c cidr) first() uint32 { return c.addr & maskBits(c.mask) }

// last returns the last address of the block.
func (c cidr) last() uint32 { return c.first() | ^maskBits(c.mask) }

// size returns the number of addresses in the block.
func (c cidr) size() uint64 { return 1 << (32 - c.mask) }

// normalized returns the block with its address set to the first address, as the netmask package of the
// awsx allocators stores it.
func (c cidr) normalized() cidr { return cidr{addr: c.first(), mask: c.mask} }

// next returns the block of the same size that follows this one.
func (c cidr) next() (cidr, error) {
	start := uint64(c.first()) + c.size()
	if start > 0xffffffff {
		return cidr{}, fmt.Errorf("no IPv4 block of size /%d follows %s", c.mask, c)
	}
	return cidr{addr: uint32(start), mask: c.mask}, nil
}

// lastUsable returns the last host address, which the awsx allocators use to find the next block: the
// address before the broadcast address, or the last address for /31 and /32 blocks.
func (c cidr) lastUsable() uint32 {
	if c.mask <= 30 {
		return c.last() - 1
	}
	return c.last()
}

// firstUsable returns the first host address: the address after the network address, or the first address
// for /31 and /32 blocks.
func (c cidr) firstUsable() uint32 {
	if c.mask <= 30 {
		return c.first() + 1
	}
	return c.first()
}

// contains reports whether the address is in the block.
func (c cidr) contains(a uint32) bool { return a >= c.first() && a <= c.last() }

// containsBlock reports whether other lies inside c.
func (c cidr) containsBlock(other cidr) bool {
	return other.mask >= c.mask && c.contains(other.first())
}

// subnet returns the netNum-th block with newBits more mask bits, counted from the address as written.
// newBits may be negative, which makes a larger block. This is the cidrsubnet function of the awsx legacy
// allocator.
func (c cidr) subnet(newBits, netNum int) (cidr, error) {
	mask := c.mask + newBits
	if mask > 32 || mask < 0 {
		return cidr{}, fmt.Errorf("cannot split %s into /%d blocks; use a larger CIDR block or smaller subnets", c, mask)
	}
	addr := uint64(c.addr) + uint64(netNum)<<(32-mask)
	if addr > 0xffffffff {
		return cidr{}, fmt.Errorf("block %d of size /%d after %s is outside the IPv4 address space", netNum, mask, c)
	}
	return cidr{addr: uint32(addr), mask: mask}, nil
}

// overlaps reports whether the address ranges of two blocks share an address.
func overlaps(a, b cidr) bool {
	return a.first() <= b.last() && b.first() <= a.last()
}

// blockAfter returns the first block of the given size that starts after the end of previous: the block of
// that size that contains the last address of previous, then the one after it.
func blockAfter(previous cidr, mask int) (cidr, error) {
	return cidr{addr: previous.last(), mask: mask}.normalized().next()
}

// blockAfterUsable is blockAfter as the new awsx allocator computes it, from the last host address.
func blockAfterUsable(previous cidr, mask int) (cidr, error) {
	return cidr{addr: previous.lastUsable(), mask: mask}.normalized().next()
}

// bitsFor returns the number of mask bits that split a block into at least count equal parts.
func bitsFor(count int) int {
	if count <= 1 {
		return 0
	}
	return bits.Len(uint(count - 1))
}
