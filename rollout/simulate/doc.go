// Package simulate runs a rollout spec against a trace of observations,
// one rollout.Step per tick, with no cluster: the engine behind fleetctl
// rollout simulate, and a way for teams to test their analysis settings
// in their own repositories.
//
// A Scenario holds a spec, an optional starting status (DefaultStatus:
// rollout.InitialStatus of revision r1), the ticks in a compact form whose
// omitted fields mean "unchanged revision, workloads ready, webhooks pass
// (rollback webhooks: no signal), metrics pass", and optional expectations.
// Run returns one Record per tick, Check compares the trace with the
// expectations. A tick may name only the metrics and webhooks the spec
// declares: since omitted metrics pass, a misspelt one would let a failing
// trace promote, so Validate refuses it before any tick runs, naming the
// tick and the declared name it is closest to.
//
// The scenarios under testdata/scenarios, with their golden traces under
// testdata/golden, specify the engine tick by tick: R.. scenarios each
// exercise one rule of rollout's package documentation, F.. scenarios are
// whole runs with the phases and weights Flagger v1.44 shows, and O..
// scenarios exercise fleetkit's options. Run `go test ./rollout/simulate -run
// TestScenarios -update` to rewrite the golden traces after a deliberate
// change, and review the diff.
//
// Imports point downward: simulate imports rollout; rollout never imports
// simulate.
package simulate
