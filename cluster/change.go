package cluster

import (
	"fmt"
	"slices"
)

// CheckChange reports whether desired may replace current on a running cluster: desired must be
// valid, the name, infrastructure and networks cannot change, the control plane moves forward by
// at most one minor version, no pool's kubelet goes backwards, and no pool (new or kept) gets a
// kubelet of a minor version newer than the running control plane's: Cluster API would roll the
// pool together with the control plane, so move the control plane first, keeping the pools on
// their version with WorkerPool.Version, and the pools once it has rolled out (see UpgradeStep). These are the edits Cluster API
// would otherwise act on destructively or refuse half-way through. The networks are the pod and
// service ranges, the service domain, and the control-plane endpoint every node and kubeconfig
// holds: its VIP (set or not), its port and the interface kube-vip announces it on. Defaults count
// as their values: a port of 0 is 6443, an empty service domain "cluster.local".
func CheckChange(current, desired ClusterSpec) error {
	cur, err := parse(current)
	if err != nil {
		return fmt.Errorf("current spec: %w", err)
	}
	next, err := parse(desired)
	if err != nil {
		return err
	}
	var errs []error
	if current.Name != desired.Name {
		errs = append(errs, invalidAs(ErrImmutable, "name", "cannot change from %q to %q", current.Name, desired.Name))
	}
	if current.Infra != desired.Infra {
		errs = append(errs, invalidAs(ErrImmutable, "infra", "cannot change from %q to %q", current.Infra, desired.Infra))
	}
	if !slices.Equal(current.Network.PodCIDRs, desired.Network.PodCIDRs) {
		errs = append(errs, invalidAs(ErrImmutable, "network.podCIDRs", "cannot change on a running cluster"))
	}
	if !slices.Equal(current.Network.ServiceCIDRs, desired.Network.ServiceCIDRs) {
		errs = append(errs, invalidAs(ErrImmutable, "network.serviceCIDRs", "cannot change on a running cluster"))
	}
	if a, b := serviceDomain(current.Network), serviceDomain(desired.Network); a != b {
		errs = append(errs, invalidAs(ErrImmutable, "network.serviceDomain", "cannot change from %q to %q on a running cluster", a, b))
	}
	errs = append(errs, checkEndpointChange(current.ControlPlane, desired.ControlPlane)...)
	if err := checkVersionChange("version", cur.version, next.version); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, checkPoolVersions(cur, next)...)
	return joinSorted(errs)
}

// defaultServiceDomain is kubeadm's cluster DNS domain when Network.ServiceDomain is empty.
const defaultServiceDomain = "cluster.local"

func serviceDomain(n Network) string {
	if n.ServiceDomain == "" {
		return defaultServiceDomain
	}
	return n.ServiceDomain
}

// checkEndpointChange refuses a change of the control-plane endpoint: the certificates, kubeconfigs
// and kubelets of the running machines name it. The interface matters only with a VIP.
func checkEndpointChange(cur, next ControlPlane) []error {
	var errs []error
	if cur.VIP != next.VIP {
		errs = append(errs, invalidAs(ErrImmutable, "controlPlane.vip", "cannot change from %q to %q on a running cluster", cur.VIP, next.VIP))
	}
	if a, b := cur.APIServerPort(), next.APIServerPort(); a != b {
		errs = append(errs, invalidAs(ErrImmutable, "controlPlane.port", "cannot change from %d to %d on a running cluster", a, b))
	}
	if cur.VIP != "" && cur.Interface != next.Interface {
		errs = append(errs, invalidAs(ErrImmutable, "controlPlane.interface", "cannot change from %q to %q on a running cluster",
			cur.Interface, next.Interface))
	}
	return errs
}

func checkVersionChange(field string, from, to Version) error {
	if to.Compare(from) < 0 {
		return invalidAs(ErrDowngrade, field, "%s is older than the running %s", to, from)
	}
	if to.Minor-from.Minor > 1 {
		return invalidAs(ErrSkippedMinor, field, "%s → %s skips %d minor version(s); plan the upgrade with PlanUpgrade",
			from, to, to.Minor-from.Minor-1)
	}
	return nil
}

func checkPoolVersions(cur, next parsed) []error {
	var errs []error
	for i, p := range next.spec.Workers {
		if v := next.pools[i]; v.Major == cur.version.Major && v.Minor > cur.version.Minor {
			errs = append(errs, invalidAs(ErrVersionSkew, fmt.Sprintf("workers[%d].version", i),
				"kubelet %s would be newer than the running control plane %s: move the control plane first and the pool once it has rolled out at %s",
				v, cur.version, minorName(v)))
			continue
		}
		for j, q := range cur.spec.Workers {
			if q.Name == p.Name && next.pools[i].Compare(cur.pools[j]) < 0 {
				errs = append(errs, invalidAs(ErrDowngrade, fmt.Sprintf("workers[%d].version", i),
					"kubelet %s is older than the running %s", next.pools[i], cur.pools[j]))
			}
		}
	}
	return errs
}
