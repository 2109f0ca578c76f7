// Package fleetkit is a Go SDK for running fleets of Kubernetes clusters: the engines and builders
// behind a Kurator-style platform (fleet management over Karmada, Istio, Prometheus/Thanos, Volcano,
// Kyverno and Cluster API), as packages that platform teams embed in their own controllers, CLIs and
// tests.
//
// The root package holds no code; it is the map.
//
// Pure engines (standard library and Kubernetes API types only, plus cel-go in policy to type-check CEL
// while compiling; deterministic functions of values):
//
//	fleet       the fleet model: members, labels, regions, capacity; Karmada-style cluster affinity
//	cluster     cluster lifecycle: ClusterSpec, upgrade and scale planning, node preflight checks
//	distribute  placement and Karmada-exact weighted replica division, with explanations
//	traffic     traffic splits, header/cookie/URI/method/query matches, mirroring: the one traffic vocabulary
//	rollout     the canary / A-B / blue-green analysis state machine (Step), with below it
//	            rollout/runner (Runner and its ports), rollout/wave (fleet waves) and
//	            rollout/simulate (scenarios against metric traces)
//	observe     metric templates, PromQL rendering, threshold checks
//	policy      the fleet policy compiler: rules → ValidatingAdmissionPolicy, Kyverno, Karmada
//	scheduling  federated gang feasibility for Volcano jobs across a fleet
//
// Adapters (one vendor SDK each, never importing one another) live in subpackages: fleet/karmada,
// cluster/capi, cluster/nodefacts, distribute/karmada, traffic/istio, rollout/webhook,
// observe/prometheus, policy/eval, scheduling/volcano. internal/archtest classifies every package and
// enforces these import rules as an allowlist per class.
// examples/fleetctl and examples/rollout-controller only wire packages together; internal/testenv runs
// the real kube-apiserver, etcd and Prometheus the integration tests use.
//
// # Errors
//
// Every package reports bad input the same way:
//
//   - a package sentinel, prefixed with the package name (scheduling.ErrInvalid, cluster.ErrInvalid,
//     distribute.ErrDecode, ...), matched with errors.Is; packages may add narrower sentinels
//     (cluster.ErrEvenControlPlane) that their errors match as well;
//   - a typed *ValidationError{Field, Reason} per package, found with errors.As, whose Field is the path
//     of the offending value as the user wrote it ("clusters[0].nodes[3].allocatable[nvidia.com/gpu]",
//     "workers[1].replicas") and whose message always names it;
//   - Validate, and every decoder of user bytes, returns every problem it finds, joined with errors.Join
//     and sorted by field (indexes in numeric order: nodes[2] before nodes[11]), never only the first;
//   - causes are wrapped with %w, never flattened with %v, so errors.Is and errors.As see through them.
//
// Go zero values mean what an omitted field means in a file (a scheduling.Node is ready unless NotReady
// is set), so that a value built in Go and the same value read from YAML behave alike.
//
// A short example, selecting the members of the seed fleet that a policy would place on:
//
//	f := fleet.Sample()
//	stores, err := f.Select(fleet.Affinity{
//		LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}},
//	})
//	if err != nil {
//		return err
//	}
//	fmt.Println(len(stores)) // 10
package fleetkit
