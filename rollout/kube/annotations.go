package kube

// The annotations of the target Deployment, and the one the adapter keeps on the primary.
const (
	// AnnotationAnalysis holds the rollout.Spec as JSON; controllers use its presence to select the
	// Deployments they roll out.
	AnnotationAnalysis = "rollout.fleetkit.dev/analysis"
	// AnnotationRecord holds the Runner's runner.Record as JSON; Store reads and writes it.
	AnnotationRecord = "rollout.fleetkit.dev/record"
	// AnnotationIntent is an operator's request for the next tick: comma-separated words among
	// promote, abort, retry, skip and suspend (see ParseIntent). Intents reads and consumes it.
	AnnotationIntent = "rollout.fleetkit.dev/intent"
	// AnnotationRevision, on the primary, is the revision (see RevisionOf) of the target template the
	// primary's template was copied from: what the primary runs, in the target's terms.
	AnnotationRevision = "rollout.fleetkit.dev/revision"
)

// PrimaryName is the name of the primary Deployment of the target named target.
func PrimaryName(target string) string { return target + "-primary" }
