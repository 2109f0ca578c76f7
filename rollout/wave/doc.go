// Package wave drives one rollout across fleet members in waves: one
// canary store, then 10% of stores, then all. Each wave is gated by the
// same rollout analysis (rollout.Step) over an observation aggregated
// across that wave's clusters — the worst readiness, and per metric the
// worst sample — so one failing store fails its wave.
//
// Plan resolves the waves against the members; Step advances the fleet
// rollout by one tick and returns the deploys, reverts and per-cluster
// analysis actions as data, for a fleet controller to carry out.
//
// Imports point downward: wave imports rollout; rollout never imports
// wave. Input errors are *rollout.ValidationError values matching
// rollout.ErrInvalidSpec, ErrInvalidStatus or ErrInvalidObservation. A
// cluster's metric keyed by a name the analysis spec does not declare is an
// ErrInvalidObservation (also matching rollout.ErrUndeclaredName) whose field
// is clusters["name"].metrics["key"], never an ignored sample.
package wave
