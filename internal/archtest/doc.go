// Package archtest enforces fleetkit's layering rules (DESIGN.md) with `go list`:
//
//   - the pure packages (fleet, cluster, distribute, traffic, rollout, observe, policy, scheduling) never
//     reach client-go, controller-runtime, Karmada, Istio, Volcano, Cluster API, client_golang or
//     k8s.io/apiserver, not even transitively;
//   - an adapter (a subpackage of a pure package) never imports another adapter;
//   - nothing imports examples/.
//
// The rules are data (Rules) checked by Check, a pure function, so the checker itself is unit-tested
// against synthetic import graphs as well as run against the real one.
package archtest
