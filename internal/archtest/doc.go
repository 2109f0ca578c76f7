// Package archtest enforces fleetkit's layering (DESIGN.md, "Layout and layering") over the import
// graph `go list` reports. The rules are an allowlist per package class, not a list of forbidden
// modules: every package of the module is classified in Fleetkit (layout.go) as Pure, Adapter,
// Example or Support, and a package nobody classified fails the test with a message naming the file
// to add it to, instead of passing silently.
//
// Direct imports are checked against the allowlist of the package's class:
//
//   - Pure (the engines fleet, cluster, distribute, traffic, rollout, observe, policy, scheduling, and
//     their pure subpackages): the standard library, k8s.io/apimachinery, k8s.io/api,
//     k8s.io/component-helpers and other Pure fleetkit packages. Anything else is allowed by name in
//     the package's Class with the reason written next to it (policy's cel-go is the one today).
//   - Adapter (a subpackage that talks to one vendor or to the outside world): what Pure allows, Pure
//     fleetkit packages (its parent among them), the Kubernetes client libraries (client-go,
//     controller-runtime's client, logr, sigs.k8s.io/yaml), and the vendor API packages its Class
//     names. Never another adapter, never upstream internals such as Karmada's pkg/scheduler or
//     pkg/util or k8s.io/kubernetes, because nothing allows them.
//   - Example (examples/...): anything but another example.
//   - Support (internal/testenv, internal/archtest, the public test doubles rollout/rollouttest):
//     anything but examples; no library package imports it.
//
// For every library package, imports point downward: a package never imports its own subpackages
// (except its internal/ tree); subpackages build on their parent.
//
// Transitive dependencies are checked against short never-reach lists instead. The allowlist is
// applied to direct imports because that is the choice fleetkit makes; what an allowed module drags in
// (apimachinery brings klog, logr, json-iterator, cbor, kube-openapi, golang.org/x/net, and the set
// changes with every Kubernetes minor) is not. What must never end up in a program that links only
// engines is guarded transitively: a Pure package never reaches client-go, controller-runtime,
// k8s.io/apiserver, k8s.io/kubernetes or a vendor SDK (Karmada, Istio, Volcano, Cluster API,
// Prometheus) — this catches, say, a component-helpers package that imports client-go — and no
// library package reaches upstream scheduler or controller trees. Nothing but an example's own
// packages reaches examples/.
//
// Check is a pure function of a Layout and a graph, so the rule engine is unit-tested against
// synthetic graphs as well as run against the real one. golangci-lint's depguard (.golangci.yml)
// repeats the direct rules for editor feedback; this package is the authority.
package archtest
