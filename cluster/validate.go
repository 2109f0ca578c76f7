package cluster

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Sizes beyond what the cluster's software supports. Validate refuses a spec above them: such a number is
// a typo (an extra zero), not a plan.
const (
	// MaxControlPlaneReplicas is the largest control plane: etcd's guidance is 3, 5 or 7 members, as
	// every write waits for a majority.
	MaxControlPlaneReplicas = 7
	// MaxNodes is the most nodes (control plane and workers) in one cluster that Kubernetes supports
	// ("Considerations for large clusters", kubernetes.io).
	MaxNodes = 5000
)

// ReservedPoolName is the one DNS-1123 label a worker pool may not be named: the control plane's objects
// are named "<cluster>-control-plane", the name a pool's objects ("<cluster>-<pool>") would then share.
const ReservedPoolName = "control-plane"

// Validate checks the whole spec and returns every problem found, joined (errors.Join) and sorted by
// field, indexes in numeric order; each is a *ValidationError naming its field.
func Validate(s ClusterSpec) error {
	_, err := parse(s)
	return err
}

// parsed is a validated spec with its versions parsed, shared by the planners.
type parsed struct {
	spec    ClusterSpec
	version Version
	pools   []Version // kubelet version per worker pool, in spec order
}

func parse(s ClusterSpec) (parsed, error) {
	var errs []error
	p := parsed{spec: s}
	if msgs := validation.IsDNS1123Label(s.Name); len(msgs) > 0 {
		errs = append(errs, invalid("name", "%q: %s", s.Name, msgs[0]))
	}
	switch s.Infra {
	case InfraDocker, InfraBareMetal, InfraVSphere:
	default:
		errs = append(errs, invalid("infra", "%q is not one of docker, baremetal, vsphere", s.Infra))
	}
	v, err := parseSupported("version", s.Version)
	if err != nil {
		errs = append(errs, err)
	}
	p.version = v
	errs = append(errs, validateNetwork(s.Network, s.ControlPlane)...)
	errs = append(errs, validateControlPlane(s.ControlPlane)...)
	pools, poolErrs := validatePools(s.Name, s.Workers, v, err == nil)
	p.pools = pools
	errs = append(errs, poolErrs...)
	if err := checkNodeCount(s); err != nil {
		errs = append(errs, err)
	}
	return p, joinSorted(errs)
}

// checkNodeCount refuses a cluster of more than MaxNodes nodes whose pools are each within the limit (a
// pool beyond it is reported on its own).
func checkNodeCount(s ClusterSpec) error {
	total := int64(max(s.ControlPlane.Replicas, 0))
	for _, p := range s.Workers {
		if p.Replicas > MaxNodes {
			return nil
		}
		total += int64(max(p.Replicas, 0))
	}
	if total <= MaxNodes {
		return nil
	}
	return invalid("workers", "the cluster would have %d nodes (%d control plane, %d workers): more than the %d Kubernetes supports in one cluster",
		total, max(s.ControlPlane.Replicas, 0), total-int64(max(s.ControlPlane.Replicas, 0)), MaxNodes)
}

func validateNetwork(n Network, cp ControlPlane) []error {
	pods, errs := parseCIDRs("network.podCIDRs", n.PodCIDRs)
	services, svcErrs := parseCIDRs("network.serviceCIDRs", n.ServiceCIDRs)
	errs = append(errs, svcErrs...)
	errs = append(errs, checkPodSize(pods)...)
	errs = append(errs, checkServiceSize(services)...)
	all := append(append([]namedPrefix(nil), pods...), services...)
	errs = append(errs, checkOverlaps(all)...)
	if cp.VIP != "" {
		errs = append(errs, checkVIP("controlPlane.vip", cp.VIP, all)...)
	}
	if n.ServiceDomain != "" {
		if msgs := validation.IsDNS1123Subdomain(n.ServiceDomain); len(msgs) > 0 {
			errs = append(errs, invalid("network.serviceDomain", "%q: %s", n.ServiceDomain, msgs[0]))
		}
	}
	return errs
}

func validateControlPlane(cp ControlPlane) []error {
	var errs []error
	switch {
	case cp.Replicas < 1:
		errs = append(errs, invalid("controlPlane.replicas", "must be at least 1, got %d", cp.Replicas))
	case cp.Replicas > MaxControlPlaneReplicas:
		errs = append(errs, invalid("controlPlane.replicas",
			"%d is more than %d: etcd recommends 3, 5 or 7 members, as every write waits for a majority of them", cp.Replicas, MaxControlPlaneReplicas))
	case cp.Replicas%2 == 0:
		errs = append(errs, invalidAs(ErrEvenControlPlane, "controlPlane.replicas",
			"%d is even: etcd needs a majority, so %d members tolerate no more failures than %d", cp.Replicas, cp.Replicas, cp.Replicas-1))
	}
	if cp.Port < 0 || cp.Port > 65535 {
		errs = append(errs, invalid("controlPlane.port", "%d is not a TCP port", cp.Port))
	}
	return errs
}

func validatePools(clusterName string, pools []WorkerPool, cpVersion Version, cpKnown bool) ([]Version, []error) {
	var errs []error
	versions := make([]Version, len(pools))
	seen := make(map[string]int, len(pools))
	for i, p := range pools {
		field := fmt.Sprintf("workers[%d]", i)
		if prev, dup := seen[p.Name]; dup {
			errs = append(errs, invalid(field+".name", "duplicate pool name %q (also workers[%d])", p.Name, prev))
		}
		seen[p.Name] = i
		if p.Name == ReservedPoolName {
			errs = append(errs, invalid(field+".name", "%q is reserved: the control plane's objects are named %q", p.Name, clusterName+"-"+ReservedPoolName))
		}
		errs = append(errs, validatePool(field, p)...)
		if err := checkPoolObjectName(field+".name", clusterName, p.Name); err != nil {
			errs = append(errs, err)
		}
		versions[i] = cpVersion
		if p.Version == "" || !cpKnown {
			continue
		}
		v, err := parseSupported(field+".version", p.Version)
		if err == nil {
			err = checkSkew(field+".version", v, cpVersion)
		}
		if err != nil {
			errs = append(errs, err)
		}
		versions[i] = v
	}
	return versions, errs
}

func validatePool(field string, p WorkerPool) []error {
	var errs []error
	if msgs := validation.IsDNS1123Label(p.Name); len(msgs) > 0 {
		errs = append(errs, invalid(field+".name", "%q: %s", p.Name, msgs[0]))
	}
	switch {
	case p.Replicas < 0:
		errs = append(errs, invalid(field+".replicas", "must not be negative, got %d", p.Replicas))
	case p.Replicas > MaxNodes:
		errs = append(errs, invalid(field+".replicas", "%d is more than %d, the most nodes Kubernetes supports in one cluster", p.Replicas, MaxNodes))
	}
	for _, k := range slices.Sorted(maps.Keys(p.Labels)) {
		if msgs := validation.IsQualifiedName(k); len(msgs) > 0 {
			errs = append(errs, invalid(field+".labels", "key %q: %s", k, msgs[0]))
		} else if msgs := validation.IsValidLabelValue(p.Labels[k]); len(msgs) > 0 {
			errs = append(errs, invalid(field+".labels["+k+"]", "value %q: %s", p.Labels[k], msgs[0]))
		} else if !kubeletMaySetLabel(k) {
			errs = append(errs, invalid(field+".labels["+k+"]", "a kubelet may not set labels under %q on its own node", k))
		}
	}
	for j, t := range p.Taints {
		if err := validateTaint(fmt.Sprintf("%s.taints[%d]", field, j), t); err != nil {
			errs = append(errs, err)
		}
	}
	if _, err := p.Bounds(max(p.Replicas, 0)); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.Field = field + "." + ve.Field
		}
		errs = append(errs, err)
	}
	return errs
}

// checkPoolObjectName refuses a pool whose objects' name, "<cluster>-<pool>", is longer than a label
// value may be: Cluster API labels every Machine with its MachineDeployment's name, and its webhook
// refuses a MachineDeployment whose name is not a valid label value. An invalid cluster or pool name is
// reported on its own.
func checkPoolObjectName(field, clusterName, poolName string) error {
	if len(validation.IsDNS1123Label(clusterName)) > 0 || len(validation.IsDNS1123Label(poolName)) > 0 {
		return nil
	}
	if n := len(clusterName) + 1 + len(poolName); n > validation.LabelValueMaxLength {
		return invalid(field, "%q: the MachineDeployment %q would be %d characters, more than the %d of a label value Cluster API requires",
			poolName, clusterName+"-"+poolName, n, validation.LabelValueMaxLength)
	}
	return nil
}

func validateTaint(field string, t corev1.Taint) error {
	if msgs := validation.IsQualifiedName(t.Key); len(msgs) > 0 {
		return invalid(field+".key", "%q: %s", t.Key, msgs[0])
	}
	if t.Value != "" {
		if msgs := validation.IsValidLabelValue(t.Value); len(msgs) > 0 {
			return invalid(field+".value", "%q: %s", t.Value, msgs[0])
		}
	}
	switch t.Effect {
	case corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute:
		return nil
	default:
		return invalid(field+".effect", "%q is not NoSchedule, PreferNoSchedule or NoExecute", t.Effect)
	}
}
