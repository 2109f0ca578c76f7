package observe

import "slices"

// Fleet template names: resource use and request rate of one cluster or of
// the whole fleet, for a Thanos Query that labels every series with its
// cluster. They are usable wherever a built-in template is (Builtin accepts
// them for every provider, a rollout metric may name them) and from
// fleetctl observe query.
//
// The per-cluster templates select the cluster with {{ clusterMatcher }},
// which renders `cluster="<name>", ` when Variables.Cluster is set and
// nothing otherwise, so the same template reads one cluster from a shared
// Querier and a member's own Prometheus (whose local series carry no
// cluster label: external labels are added only on the way out) without a
// matcher that would select nothing.
const (
	// ClusterCPU is the CPU cores containers use in one cluster.
	ClusterCPU = "cluster-cpu"
	// FleetCPU is the CPU cores containers use across the fleet (the
	// "global CPU usage across clusters").
	FleetCPU = "fleet-cpu"
	// CPUByCluster is the CPU cores per cluster, one series each.
	CPUByCluster = "cpu-by-cluster"
	// ClusterMemory is the working-set bytes of containers in one cluster.
	ClusterMemory = "cluster-memory"
	// FleetMemory is the working-set bytes of containers across the fleet.
	FleetMemory = "fleet-memory"
	// MemoryByCluster is the working-set bytes per cluster, one series each.
	MemoryByCluster = "memory-by-cluster"
	// ClusterRequestRate is the requests per second served in one cluster
	// (Istio's destination-reported istio_requests_total).
	ClusterRequestRate = "cluster-request-rate"
	// FleetRequestRate is the requests per second served across the fleet.
	FleetRequestRate = "fleet-request-rate"
	// RequestRateByCluster is the requests per second per cluster.
	RequestRateByCluster = "request-rate-by-cluster"
)

// The cAdvisor series of every kubelet; container!="" drops the pod-level
// and cgroup-root aggregates that would count each container twice.
const (
	cpuSeries    = `rate(container_cpu_usage_seconds_total{ {{ clusterMatcher }}container!=""}[{{ interval }}])`
	memSeries    = `container_memory_working_set_bytes{ {{ clusterMatcher }}container!=""}`
	reqSeries    = `rate(istio_requests_total{ {{ clusterMatcher }}reporter="destination"}[{{ interval }}])`
	fleetCPU     = `rate(container_cpu_usage_seconds_total{container!=""}[{{ interval }}])`
	fleetMem     = `container_memory_working_set_bytes{container!=""}`
	fleetReqs    = `rate(istio_requests_total{reporter="destination"}[{{ interval }}])`
	byClusterFmt = `sum by (cluster) (`
)

var fleetTemplates = []Template{
	{Name: ClusterCPU, Query: "sum(" + cpuSeries + ")"},
	{Name: FleetCPU, Query: "sum(" + fleetCPU + ")"},
	{Name: CPUByCluster, Query: byClusterFmt + fleetCPU + ")"},
	{Name: ClusterMemory, Query: "sum(" + memSeries + ")"},
	{Name: FleetMemory, Query: "sum(" + fleetMem + ")"},
	{Name: MemoryByCluster, Query: byClusterFmt + fleetMem + ")"},
	{Name: ClusterRequestRate, Query: "sum(" + reqSeries + ")"},
	{Name: FleetRequestRate, Query: "sum(" + fleetReqs + ")"},
	{Name: RequestRateByCluster, Query: byClusterFmt + fleetReqs + ")"},
}

// FleetTemplates lists the fleet templates, ordered by name.
func FleetTemplates() []Template {
	out := slices.Clone(fleetTemplates)
	slices.SortFunc(out, func(a, b Template) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out
}

// fleetTemplate returns the fleet template called name.
func fleetTemplate(name string) (Template, bool) {
	i := slices.IndexFunc(fleetTemplates, func(t Template) bool { return t.Name == name })
	if i < 0 {
		return Template{}, false
	}
	return fleetTemplates[i], true
}
