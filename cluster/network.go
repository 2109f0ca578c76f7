package cluster

import (
	"fmt"
	"net/netip"
)

// namedPrefix is a parsed range together with the field it came from, for error messages.
type namedPrefix struct {
	field  string
	prefix netip.Prefix
}

// maxServiceHostBits is the largest service range kube-apiserver's bitmap allocator accepts for
// --service-cluster-ip-range (/12 for IPv4, /108 for IPv6); a spec with a larger one never starts.
const maxServiceHostBits = 20

func parseCIDRs(field string, cidrs []string) ([]namedPrefix, []error) {
	var out []namedPrefix
	var errs []error
	if len(cidrs) == 0 {
		return nil, []error{invalid(field, "at least one CIDR is required")}
	}
	if len(cidrs) > 2 {
		errs = append(errs, invalid(field, "at most two CIDRs (one IPv4, one IPv6) are allowed, got %d", len(cidrs)))
	}
	for i, c := range cidrs {
		f := fmt.Sprintf("%s[%d]", field, i)
		p, err := netip.ParsePrefix(c)
		if err != nil {
			errs = append(errs, invalid(f, "%q is not a CIDR", c))
			continue
		}
		if p.Masked() != p {
			errs = append(errs, invalid(f, "%q has host bits set; did you mean %s?", c, p.Masked()))
			continue
		}
		out = append(out, namedPrefix{field: f, prefix: p})
	}
	if len(out) == 2 && out[0].prefix.Addr().Is4() == out[1].prefix.Addr().Is4() {
		errs = append(errs, invalid(field, "two CIDRs must be one IPv4 and one IPv6 (dual stack)"))
	}
	return out, errs
}

func checkServiceSize(ranges []namedPrefix) []error {
	var errs []error
	for _, r := range ranges {
		if host := r.prefix.Addr().BitLen() - r.prefix.Bits(); host > maxServiceHostBits {
			errs = append(errs, invalid(r.field, "%s is too large: kube-apiserver accepts at most %d host bits", r.prefix, maxServiceHostBits))
		}
	}
	return errs
}

// checkOverlaps reports every pair of ranges that share addresses.
func checkOverlaps(ranges []namedPrefix) []error {
	var errs []error
	for i := range ranges {
		for j := i + 1; j < len(ranges); j++ {
			if ranges[i].prefix.Overlaps(ranges[j].prefix) {
				errs = append(errs, invalidAs(ErrCIDROverlap, ranges[j].field, "%s overlaps %s (%s)",
					ranges[j].prefix, ranges[i].field, ranges[i].prefix))
			}
		}
	}
	return errs
}

func checkVIP(field, vip string, ranges []namedPrefix) error {
	addr, err := netip.ParseAddr(vip)
	if err != nil {
		return invalid(field, "%q is not an IP address", vip)
	}
	for _, r := range ranges {
		if r.prefix.Contains(addr) {
			return invalidAs(ErrCIDROverlap, field, "%s lies inside %s (%s)", addr, r.field, r.prefix)
		}
	}
	return nil
}
