package main

// The annotations the controller reads and writes on the target Deployment.
const (
	// AnnotationAnalysis holds the rollout.Spec as JSON; its presence enables canary delivery.
	AnnotationAnalysis = "rollout.fleetkit.dev/analysis"
	// AnnotationRecord holds the runner's runner.Record (status and pending actions) as JSON.
	AnnotationRecord = "rollout.fleetkit.dev/record"
	// AnnotationIntent is an operator request for the next tick: promote, abort, retry, skip or suspend.
	// The controller removes it once the tick that honoured it has run.
	AnnotationIntent = "rollout.fleetkit.dev/intent"
)

// primaryName is the Deployment the controller creates to serve the stable version; the annotated
// Deployment itself is the canary, as in Flagger.
func primaryName(target string) string { return target + "-primary" }
