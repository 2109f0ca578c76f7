// Package kube is the Kubernetes adapter of rollout/runner: a Deployment-backed Workload, an
// annotation StatusStore, the operator intent annotation, Prepare, which sets a target up or
// makes it safe when its record is missing, and Release, which makes it safe when it leaves a
// controller's care. It imports rollout, rollout/runner, the Kubernetes API
// types and the controller-runtime client; it does not route traffic (traffic/istio's Router, or
// any runner.TrafficRouter, does) and imports no other adapter.
//
// # Layout
//
// As in Flagger, the Deployment users edit — the target — serves as the canary, and the adapter
// keeps a copy, <target>-primary (PrimaryName), that serves the stable version. The primary's pod
// template is the target's with the label app=<target>-primary, and its selector selects that
// label, so the two never share pods. The primary is created controlled by the target (an owner
// reference with controller and blockOwnerDeletion set), so deleting the target lets the garbage
// collector delete the primary. It carries AnnotationRevision, the target revision it was copied
// from, so what the primary runs is known without a record. An existing <target>-primary without a
// controller is adopted only if it carries AnnotationRevision or exactly the labels and selector
// app=<target>-primary; any other, like one another controller owns, is ErrPrimaryNotOwned. The
// revision of a template is rollout.RevisionOf, a hash of its canonical JSON (RevisionOf here
// takes a Deployment).
//
// The target's annotations: AnnotationAnalysis (the rollout.Spec, the controller's concern),
// AnnotationRecord (the Runner's record, Store's) and AnnotationIntent (operator intents,
// Intents').
//
// # Writers and freshness
//
// Every decision input is read through Options.Reader, which a controller sets to its manager's
// API reader, not the informer cache: a stale cached record makes a tick look due again (a weight
// moved twice within one interval), and a stale intent replays. Writes that replace what was read
// are compare-and-set with the object's resourceVersion as precondition: Store.Save writes only
// over the record it loaded, Intents.Consume clears only the value it read. A lost race is a
// *ConflictError matching ErrConflict, after which the caller re-reads and decides again; changes
// to other fields of the Deployment are retried, not reported. This keeps two writers (a second
// replica before leader election settles, a controller taking over) from silently overwriting a
// newer record; controllers still run one leader (a Lease) so that they do not race at all.
//
// A tick reads the target four times (the record, the intent, the template and readiness, the
// record again to save over it). A controller creates one Session per reconcile and passes it as
// Options.Reader, with Session.Client as the adapters' client: the target is read from the API
// server once per reconcile, and each write's answer replaces what was read, so reads stay as
// fresh as the first while costing one request. A record is saved with a JSON patch that tests
// the record it replaces, so the status updates that follow every save (a Deployment's generation
// counts annotation changes) do not turn the next save into a conflict and a retry.
//
// Keeping the record in an annotation has a cost outside the controller: every save bumps the
// target's generation, so the Deployment controller answers it with a status update and copies the
// annotations into the current ReplicaSet (it skips only its own and kubectl's), and until it has
// caught up Readiness reports the canary NotReady (observedGeneration < generation). At normal
// controller-manager latency a tick, one interval later, never sees that; a lagging one holds the
// analysis. A tick at rest saves nothing (see rollout/runner), so idle rollouts cost none of it.
//
// Scaling and promotion are idempotent merge patches, so the Runner can replay them after a
// crash. PromoteSpec(ctx, revision) is compare-and-set on the template revision: it copies the
// template it compared, records the revision on the primary, and refuses with a
// *RevisionChangedError (runner.ErrRevisionChanged) when the target moved on.
//
// # A missing record
//
// A target without a readable record is either new or has lost its record mid-rollout (the
// annotation deleted, `kubectl replace` or a GitOps Replace sync of a manifest without it). Prepare
// handles both the same way, safe first: it routes all traffic to the primary before it scales the
// canary to zero (never the other way round, which would send requests to a backend without
// pods), and only then writes a record saying the primary's revision is the promoted one, so a
// canary at another revision is analysed from the start. Preparation.Message says what happened,
// for an Event.
//
// # Letting go
//
// A target whose analysis is removed while it has a record is released the same way (Release):
// all traffic to the primary, then the canary to zero, then the record removed (Store.Remove), so
// no split outlives the analysis. A target without its primary is left as it is
// (ErrPrimaryMissing). Released.Message says what happened, for an Event.
//
// # Permissions
//
// get, list, watch, patch and create on apps/deployments, and update on apps/deployments/finalizers
// where the OwnerReferencesPermissionEnforcement admission plugin is enabled (blockOwnerDeletion).
package kube
