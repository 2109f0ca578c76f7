// Package defaults brings an object to the state kube-apiserver 1.35.4 holds it in when validating
// admission (ValidatingAdmissionPolicies, webhooks) runs, so that offline evaluation reads what the API
// server's CEL reads. It is fleetkit's own code, written from the upstream sources it names; it imports only
// k8s.io/api, k8s.io/apimachinery and k8s.io/component-helpers, never k8s.io/kubernetes.
//
// For Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs, ForCreate applies, in
// the API server's order:
//
//   - the decode-time defaults of kubernetes v1.35.4 pkg/apis/{core,apps,batch}/v1 (defaults.go and the
//     generated walk of zz_generated.defaults.go) with the default feature gates of 1.35: pull policies from
//     the image reference grammar, probe thresholds and HTTP paths, ports' protocols, file modes, token
//     lifetimes, volume sources, pod-level resources, the rounding of quantities to milli precision, Pod
//     requests copied from limits, strategies, replicas, history limits, Job completions, parallelism and
//     policies;
//   - the v1 → internal → v1 conversion round trip (serviceAccount mirrors serviceAccountName, the init
//     container annotations of the pre-1.8 API are dropped, a DaemonSet's template generation shows as the
//     deprecated.daemonset.template.generation annotation, an empty rollback annotation disappears, a Pod's
//     negative grace period becomes 1, StatefulSet claim templates get apiVersion and kind);
//   - the stock mutating admission plugins with their default configuration: Priority (priority 0 and
//     PreemptLowerPriority in a cluster without a globalDefault PriorityClass, or the values of the two
//     system classes) and DefaultTolerationSeconds (not-ready and unreachable tolerations of 300 seconds);
//   - the registries' create preparation (pkg/registry/*/strategy.go): status cleared, generation 1, a Pod's
//     phase Pending and QoS class, the scheduling-gated condition, matchLabelKeys merged into pod affinity
//     and topology spread selectors, deprecated AppArmor annotations copied into fields, a Job's generated
//     selector and labels, and the fields of features off by default in 1.35 dropped (container stopSignal,
//     clusterTrustBundle and podCertificate projections, workloadRef, StatefulSet maxUnavailable).
//
// The integration test of policy/eval creates generated manifests with dryRun=All on a real 1.35.4 API
// server and holds the object it returns equal to ForCreate's, field for field.
//
// # What is not defaulted
//
// Object.Unknown lists, per object, the fields the API server sets to values fleetkit cannot know; policy/eval
// refuses to decide (eval.ErrUndecidable) when an expression reads one:
//
//   - metadata.uid, metadata.creationTimestamp and metadata.managedFields, on every object, and
//     metadata.name when it is generated from generateName;
//   - a Job's controller-uid labels and selector (its UID), and its job-name labels when its name is
//     generated; the Job's own labels carry them when they were copied from its template;
//   - a Pod's priority and preemptionPolicy under a PriorityClass other than the system ones, and its
//     overhead, nodeSelector and tolerations when it names a RuntimeClass;
//   - the time of a Pod's scheduling-gated condition;
//   - on update (ForUpdate), metadata.generation, metadata.resourceVersion and status, which the API server
//     carries over from the stored object.
//
// Kinds other than the seven above are not defaulted at all: ForCreate reports them incomplete
// (Object.Complete false), and policy/eval refuses an expression that reads a field such an object leaves
// out, or its size or keys, since the API server may have set it.
//
// What the package does not see, and does not report: mutating admission beyond the two stock plugins
// (mutating webhooks, MutatingAdmissionPolicies, LimitRanger defaults from LimitRange objects), the
// ServiceAccount plugin (on by default in real clusters, off in the envtest API server the differential test
// runs; it sets serviceAccountName "default" and adds a projected token volume named kube-api-access-<random>
// with its volume mounts), a cluster with a globalDefault PriorityClass or non-default
// --default-not-ready-toleration-seconds, and feature gates other than 1.35's defaults.
package defaults
