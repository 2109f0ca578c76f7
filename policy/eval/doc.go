// Package eval evaluates ValidatingAdmissionPolicies offline, in-process, with kube-apiserver's own admission
// machinery (k8s.io/apiserver v0.35, the minor of the client-go fleetkit pins): the same CEL environment, the
// same policy and binding matching, the same dispatcher turning validation failures into Deny, Warn and Audit.
// A manifest denied here is denied by a 1.35 API server with the same message, and one admitted here is
// admitted there; the integration tests of this package prove it against a real kube-apiserver.
//
// It lives apart from package policy because k8s.io/apiserver is a heavy dependency: programs that only
// compile policies do not link it.
//
// # The object CEL reads
//
// Before admission the API server defaults an object, prepares it for storage and runs its mutating
// admission plugins; a rule such as object.spec.replicas <= 50 reads the defaulted replicas. Evaluate
// therefore evaluates the object package policy/defaults produces: kube-apiserver 1.35.4's defaults, create
// preparation and stock admission plugins for Pods and the pod templates of Deployments, StatefulSets,
// DaemonSets, ReplicaSets, Jobs and CronJobs, proven field for field against dry-run creates on a real API
// server. Where the API server sets a value fleetkit cannot know (a UID, a creation timestamp, a Job's
// selector, the priority of a PriorityClass it has not seen) or where it has no defaulting for the kind
// (every other kind: absent fields, object sizes and keys), an expression that reads it makes Evaluate fail
// with an *UndecidableError (ErrUndecidable), naming the field and the rule, instead of guessing an allow.
// The defaults package documents the list, and what it does not see: mutating webhooks and policies,
// LimitRange defaults, the ServiceAccount admission plugin, cluster-specific admission configuration.
//
// # Cost
//
// New checks every expression in the environment kube-apiserver checks new expressions in (a policy the API
// server would refuse is a *PolicyError), on every CPU, and plans each on its first evaluation. It checks
// an expression once however often it occurs (a podSecurity level repeats the checks of the level below),
// and one expression of each shape: the Pod, workload and CronJob policies fleetkit compiles hold the same
// rules at different pod spec paths, and since object is dyn, every field selected from it is dyn whatever
// the path, so the others get the types of the one checked (transplant, held equal to a full check by a
// test). Building the evaluator of a ten-rule policy (three policies, about 290 expressions) this way costs
// about half of checking each expression on its own.
//
// Evaluation reproduces kube-apiserver's validator (validating.Validator): variables composed lazily, one runtime cost budget per policy and
// binding, matchConditions with their own budget, audit annotations with theirs. It converts each input to
// its CEL form once per request and evaluates a messageExpression only for a failing validation, unless a
// static cost bound (messageBudget, sized from the request) cannot prove that the messages of the passing
// validations fit the budget the validations left: then it evaluates them all, in the API server's order,
// because their running out of budget denies the request there. Runtime cost tracking stays on for every
// expression evaluated: kube-apiserver's environment builds it into every program.
//
// # Objects
//
// Evaluate takes typed objects (as Decode returns built-in kinds) and unstructured ones. A typed object
// without apiVersion and kind, as Go code builds them, has the kind its Go type is registered as in
// client-go's scheme, as controller-runtime resolves it; a Go type the scheme does not know, or a kind that
// contradicts the Go type, is a *KindError.
//
// # Use
//
// An Evaluator is safe for concurrent use. Namespaces not passed in Options exist with only the
// kubernetes.io/metadata.name label, as the API server labels every namespace; EvaluateManifests also sees
// the Namespaces of its stream with their labels, as applying the stream creates them. Policies with
// paramKind are rejected by New.
package eval
