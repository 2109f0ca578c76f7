// Package rollouttest provides in-memory doubles for every port of
// rollout/runner — Workload, TrafficRouter, MetricSource, HookCaller and
// StatusStore — so that code driving a Runner can be tested without a
// cluster, the way hashicorp/raft tests its core against InmemStore.
//
// Each double is:
//
//   - deterministic: it answers from the state tests set, never from a
//     clock, randomness or map order;
//   - safe for concurrent use: every method takes the double's lock, so
//     doubles can be shared by the Runners of several targets and read
//     while a Runner ticks;
//   - inspectable: every port call is recorded as a Call (operation,
//     argument, returned error), in order, and the state a port changes can
//     be read back (routes and their history, promotions, the stored record);
//   - breakable: FailNext makes the next call of an operation fail with a
//     chosen error, wrapped with %w, so a test can interrupt a tick at any
//     port call and check what the Runner made of it.
//
// New returns one of each, sharing one call journal, so that a test can
// assert the order of calls across ports (routes moved before the canary
// was scaled down):
//
//	d := rollouttest.New("r1")
//	run, err := runner.New(spec, runner.Target{Name: "podinfo", Namespace: "test"}, d.Ports())
//	...
//	d.Workload.SetRevision("r2") // a developer pushes a new template
//	rep, err := run.Tick(ctx, now, rollout.Intents{})
//	d.Calls().Count(rollouttest.OpPromoteSpec)
//
// The doubles keep each port's contract as runner documents it:
// Workload.PromoteSpec refuses a revision that is no longer the canary's
// (an error matching runner.ErrRevisionChanged); Router.SetRoutes refuses
// an invalid split before changing anything (traffic.ErrInvalid); Router is
// a runner.ConditionalRouter whose CompareAndSetRoutes refuses routes
// someone else changed (Router.Edit) with a *traffic.ChangedError; Store
// keeps the record as JSON, so a Record must round-trip as it does in an
// annotation; every method honours a cancelled context. The Metrics and
// Hooks doubles never fail as Go errors, as their ports promise: failures
// are samples (observe.Failure) and hook results.
//
// rollouttest is test support: library code never imports it.
package rollouttest
