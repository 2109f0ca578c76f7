// Package volcano connects the scheduling engine to Volcano and to live clusters.
//
// FromJob turns a batch.volcano.sh/v1alpha1 Job into a scheduling.Gang with the defaults Volcano's
// admission webhook applies (task names default0.., task minAvailable = replicas, or minPartitions ×
// partitionSize for a task with a partition policy that sets minPartitions, job minAvailable = Σ task
// minimums, queue "default") and the effective pod requests Kubernetes computes (container
// requests defaulted from limits, init containers, sidecars and overhead, through
// k8s.io/component-helpers/resource.PodRequests). The defaults are those of Volcano v1.14's job
// admission (volcano-sh/volcano pkg/webhooks/admission/jobs/mutate/mutate_job.go; the partition
// default and its checks, replicas = totalPartitions × partitionSize, as of v1.14.4); PodRequests is
// k8s.io/component-helpers@v0.35.4's. FromPodGroup does the same for a PodGroup and its
// pods. ParseJob decodes a Job manifest strictly and names the field of an unparseable quantity.
//
// Container resources the API server's Pod validation refuses, which Volcano's job admission applies
// to every task template, are refused with a *ValidationError naming the field: a request above its
// limit, and an extended resource (nvidia.com/gpu) or hugepages requested without a limit or with a
// request other than the limit. Such a task never gets pods, whatever the cluster has free.
//
// What a pod asks of its placement beyond node resources, labels and taints is refused with a
// *ValidationError naming the field rather than dropped: required pod affinity and anti-affinity, and
// topology spread constraints with whenUnsatisfiable DoNotSchedule, which Volcano's predicates plugin
// (volcano-sh/volcano v1.14, pkg/scheduler/plugins/predicates/predicates.go) enforces through
// kube-scheduler's InterPodAffinity and PodTopologySpread filters; and host ports (a hostPort, or a
// container port of a hostNetwork pod, in an app or sidecar container), of which its NodePorts filter
// lets one pod per node bind each. Preferred terms only score nodes and are accepted. Refused too is
// a hard network topology (spec.networkTopology, a partition's or a PodGroup subgroup's, mode hard or
// empty with a highest tier): Volcano v1.14 confines those pods to one HyperNode, which snapshots do
// not describe; soft mode is accepted. So is a task's topologyPolicy restricted or single-numa-node,
// which admits pods only on nodes whose NUMA layout fits them (the numa-aware plugin); none and
// best-effort are accepted.
//
// Snapshotter lists a cluster's Nodes and Pods through client-go and builds the engine's
// ClusterSnapshot: allocatable from node status, requested from the non-terminal pods bound to each
// node, releasing from the terminating ones.
package volcano
