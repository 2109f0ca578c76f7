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

// Range sizes kubeadm's ValidateNetworking accepts (k8s.io/kubernetes@v1.35.4,
// cmd/kubeadm/app/apis/kubeadm/validation/validation.go and constants.go); outside them kubeadm init
// refuses its configuration and the first control-plane machine never comes up.
const (
	// maxServiceHostBits is the largest service range kube-apiserver's bitmap allocator accepts for
	// --service-cluster-ip-range (/12 for IPv4, /108 for IPv6).
	maxServiceHostBits = 20
	// minServiceAddresses is kubeadm's MinimumAddressesInServiceSubnet: cluster DNS takes the tenth
	// address of the range (so /28 for IPv4, /124 for IPv6, at the smallest).
	minServiceAddresses = 10
	// nodeMaskIPv4 and nodeMaskIPv6 are the per-node pod ranges kube-controller-manager allocates by
	// default; a pod range must hold at least one of them.
	nodeMaskIPv4, nodeMaskIPv6 = 24, 64
	// podNodeMaskMaxDiff is kubeadm's PodSubnetNodeMaskMaxDiff: a pod range may hold at most 2^16
	// node ranges (/8 for IPv4, /48 for IPv6, at the largest).
	podNodeMaskMaxDiff = 16
)

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
		if p.Addr().Is4In6() {
			errs = append(errs, invalid(f, "%q is an IPv4-mapped IPv6 range: Kubernetes reads it as IPv4, write it as one", c))
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
		switch host := r.prefix.Addr().BitLen() - r.prefix.Bits(); {
		case host > maxServiceHostBits:
			errs = append(errs, invalid(r.field, "%s is too large: kube-apiserver accepts at most %d host bits", r.prefix, maxServiceHostBits))
		case 1<<host < minServiceAddresses:
			errs = append(errs, invalid(r.field, "%s is too small: kubeadm needs at least %d addresses, cluster DNS takes the tenth",
				r.prefix, minServiceAddresses))
		}
	}
	return errs
}

// checkPodSize refuses pod ranges kubeadm refuses against kube-controller-manager's default node
// masks: smaller than one node's range (/24, /64), or more than 2^16 of them. kubeadm's minimum of 14
// pod addresses is implied.
func checkPodSize(ranges []namedPrefix) []error {
	var errs []error
	for _, r := range ranges {
		nodeMask := nodeMaskIPv4
		if r.prefix.Addr().Is6() {
			nodeMask = nodeMaskIPv6
		}
		switch bits := r.prefix.Bits(); {
		case bits > nodeMask:
			errs = append(errs, invalid(r.field, "%s is too small: each node gets a /%d of the pod range, kubeadm needs at least one",
				r.prefix, nodeMask))
		case nodeMask-bits > podNodeMaskMaxDiff:
			errs = append(errs, invalid(r.field, "%s is too large: kubeadm accepts at most 2^%d node ranges (/%d) in it, so a /%d at the largest",
				r.prefix, podNodeMaskMaxDiff, nodeMask, nodeMask-podNodeMaskMaxDiff))
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

// checkVIP refuses a VIP kube-vip cannot announce or the cluster cannot reach: one with an IPv6 zone,
// written as an IPv4-mapped IPv6 address (an IPv4 VIP in IPv6 form, which the IPv4 ranges would not
// contain), unspecified, loopback, multicast, link-local or broadcast, or inside a pod or service range.
func checkVIP(field, vip string, ranges []namedPrefix) []error {
	addr, err := netip.ParseAddr(vip)
	if err != nil {
		return []error{invalid(field, "%q is not an IP address", vip)}
	}
	if addr.Zone() != "" {
		return []error{invalid(field, "%q has an IPv6 zone: a VIP is announced on ControlPlane.Interface, not written with one", vip)}
	}
	var errs []error
	if addr.Is4In6() {
		errs = append(errs, invalid(field, "%q is an IPv4-mapped IPv6 address; write the IPv4 address %s", vip, addr.Unmap()))
		addr = addr.Unmap()
	}
	switch {
	case addr.IsUnspecified():
		errs = append(errs, invalid(field, "%s is the unspecified address, not one a VIP can be announced at", addr))
	case addr.IsLoopback():
		errs = append(errs, invalid(field, "%s is a loopback address, unreachable from other machines", addr))
	case addr.IsMulticast():
		errs = append(errs, invalid(field, "%s is a multicast address, not one a VIP can be announced at", addr))
	case addr.IsLinkLocalUnicast():
		errs = append(errs, invalid(field, "%s is a link-local address, unreachable beyond its own link", addr))
	case !addr.IsGlobalUnicast():
		errs = append(errs, invalid(field, "%s is the broadcast address, not one a VIP can be announced at", addr))
	}
	for _, r := range ranges {
		if r.prefix.Contains(addr) {
			errs = append(errs, invalidAs(ErrCIDROverlap, field, "%s lies inside %s (%s)", addr, r.field, r.prefix))
			break
		}
	}
	return errs
}
