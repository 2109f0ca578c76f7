// Package karmadacompat holds fleetkit's upstream-oracle tests for Karmada.
// It is a separate module because the oracles import Karmada's scheduler
// internals (pkg/scheduler/core, pkg/scheduler/core/spreadconstraint,
// pkg/scheduler/framework, pkg/util), which fleetkit's library packages must
// not: those packages' own tests import sigs.k8s.io/cluster-api/api/v1beta1,
// which Cluster API v1.13 no longer has, so a module that imports them cannot
// run plain `go mod tidy`. This module is tidied with `go mod tidy -e` for
// that reason; fleetkit's own module, and every module that imports it, tidy
// without -e.
//
// The tests run on the checkout (a replace directive points at ../../..):
//
//   - division_test.go: distribute.Divide against Karmada's
//     core.AssignReplicas, on thousands of random requests per strategy.
//   - selection_test.go: distribute/karmada.Request's candidates against an
//     oracle (oracle_test.go) built from Karmada's util.ClusterMatches,
//     spreadconstraint.GroupClustersWithScore and SelectBestClusters, on
//     random fleets and placements; placements Karmada's admission refuses
//     (pkg/util/validation ValidatePlacement) must be refused by fleetkit.
//   - estimator_test.go: karmada.WorkloadFor's per-replica requests against
//     helper.GenerateReplicaRequirements on random pod templates, and
//     karmada.GeneralEstimate against Karmada's general estimator on random
//     resource summaries.
//   - affinity_test.go: fleet.Affinity (via karmada.AffinityOf) against
//     util.ClusterMatches, including malformed affinities.
//
// division.go renders a distribute.Request as Karmada's AssignReplicas inputs
// (Case, CaseOf); the oracle tests and cmd/karmada-divide share it.
// cmd/karmada-divide is a binary that divides a `fleetctl divide -f` request
// file with core.AssignReplicas, for the whole-process comparison of
// hack/bench-process.sh (`make bench-process`).
//
// The random tests log their seed; rerun a failure with
// `go test -run TestName -seed=N`. Benchmarks compare fleetkit with Karmada
// on the same inputs: `go test -run '^$' -bench . -benchmem`.
//
// Run from this directory: `go test -count=1 ./...` (make test does).
//
// The real karmada-scheduler, -webhook and -controller-manager are checked
// against fleetkit by distribute/karmada's TestSchedulerAgreement and
// fleet/karmada's TestEndToEndWithRealKarmada; their binaries come from the
// tool module hack/tools/karmada.
package karmadacompat
