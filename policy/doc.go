// Package policy is fleetkit's fleet policy compiler: a small typed model (FleetPolicy) written once for the
// whole fleet, compiled into objects that enforce it inside every cluster.
//
// A FleetPolicy names an action (Enforce, Audit or Warn), the fleet members it applies to, the namespaces it
// covers, and a list of rules: restrictImageRegistries, requireRequestsLimits, disallowPrivileged,
// disallowHostPath, requireLabels, disallowLatestTag, requireRunAsNonRoot, podSecurity (the Pod Security
// Standards baseline or restricted checks) and a custom CEL rule. Pod rules cover Pods and the pod templates
// of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs, including init and ephemeral
// containers.
//
// Compile turns a validated FleetPolicy into one of two targets:
//
//   - TargetVAP: admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies and their bindings, enforced by
//     kube-apiserver itself (Kubernetes 1.30 or newer). One policy per kind group (pods, pod-template
//     workloads, CronJobs) so that every expression type-checks against the real schema of its kinds.
//   - TargetKyverno: a kyverno.io/v1 ClusterPolicy with validate.cel rules (Kyverno 1.13 or newer), for
//     background scans and PolicyReports, and "<name>-ephemeral", which checks the pods/ephemeralcontainers
//     subresource without background scans (Kyverno refuses a background policy matching a subresource).
//     fleetkit does not depend on Kyverno's Go module: the ClusterPolicies are built as unstructured objects
//     following Kyverno's published schema.
//
// PlacementOf says where the compiled objects go: on the members the policy's cluster selector matches
// (Members lists them). The Karmada ClusterPropagationPolicy that places them is built by the adapter
// distribute/karmada (PropagateObjects), with the same builder as every other propagation policy, so this
// package stays free of Karmada's Go module. The control plane is an API server that enforces
// ValidatingAdmissionPolicies too, so the placed bindings select no object there, and a
// ClusterOverridePolicy (distribute/karmada.OverrideObjects) gives the members' copies their compiled
// selector (Placement.MemberOverride).
//
// Every CEL expression, generated or written by the user, is parsed and type-checked with cel-go while
// compiling; an invalid policy is a *ValidationError naming the rule and the field, never an object that
// silently allows everything. The subpackage policy/eval evaluates the compiled policies offline with
// kube-apiserver's own admission machinery.
//
// cel-go is the one module beyond the standard library and the Kubernetes API types this package imports
// (allowed by name in internal/archtest), with the three small packages of kube-apiserver's schema-to-CEL
// conversion described below: early, field-named CEL errors are worth a parser in the pure graph, while
// the far heavier admission machinery of k8s.io/apiserver stays in policy/eval. The check environment
// reproduces ValidatingAdmissionPolicy's as far as cel-go alone can (k8s.io/apiserver@v0.35.4,
// pkg/cel/environment/base.go: the language options, extension libraries and variables, with the
// Kubernetes library functions declared by signature); policy/eval re-checks every expression in the real
// environment.
//
// # Custom CEL rules and the kinds they are compiled for
//
// A custom rule is one expression for every kind the policy applies to (Pod; Deployment, StatefulSet,
// DaemonSet, ReplicaSet and Job; CronJob), but the kinds differ: object.spec.containers exists only in a
// Pod, object.spec.replicas not in a DaemonSet or Job. At admission such an expression fails with "no
// such key" and, the policies failing closed, denies every object of those kinds. So each custom rule is
// type-checked against the schema of every kind, with object and oldObject typed by the kind and
// variables.podSpec, variables.containers and variables.ephemeralContainers by its pod spec:
//
//   - A rule that type-checks against every kind of a kind group is compiled into that group's policy
//     as written.
//   - A rule that type-checks against some kinds of a group is compiled for those only: the
//     ValidatingAdmissionPolicy validation is guarded by request.kind.kind, the Kyverno rule matches only
//     those kinds. The other kinds are not checked by the rule, and Compile says so: Objects.Warnings
//     (VAPSet.Warnings) names each such kind with the type checker's finding.
//   - A rule that type-checks against no kind is refused: a *ValidationError on its expression (or
//     messageExpression) naming the finding and the kinds. It could only deny everything.
//
// Write a rule against variables.podSpec to check the pod spec of every kind alike. An expression that
// branches on the kind reaches the fields of the other kinds through dyn(object), as kube-apiserver's own
// type checker would also ask. A kind group with no rule left for it gets no policy at all.
//
// The schemas are the OpenAPI v3 schemas kube-apiserver v1.35.4 serves for these kinds, embedded from
// schemas/openapi-v1.35.4.json (regenerated from the test environment's API server by `make generate`,
// hack/gen-openapi; descriptions dropped). They are turned into CEL types with kube-apiserver's own
// conversion, pkg/cel/common.SchemaDeclType over the pkg/cel/openapi adapter, as its
// ValidatingAdmissionPolicy type checker does (pkg/admission/plugin/policy/validating/typechecking.go),
// after references are inlined as its resolver does (pkg/cel/openapi/resolver/refs.go). Where that checker
// and admission disagree, the types follow admission, which hands CEL the object as plain JSON: date-time
// strings are strings (not timestamps), quantities (resources.requests and limits values, typed "string or
// number") are dyn instead of dropping the whole map, and objects without properties are dyn. Unlike that
// checker, which types every variable holding an object as dyn, the pod spec variables keep their types.
// request and namespaceObject stay dyn.
//
// # Updates of objects admitted before the policy
//
// Every compiled ValidatingAdmissionPolicy judges CREATEs and UPDATEs, but not every UPDATE: controllers
// must still be able to scale down, relabel or release objects stored before the policy (or before a rule
// changed), and the garbage collector to remove their finalizers. So an UPDATE of an object being deleted
// is not matched (match condition ConditionNotTerminating), and a built-in rule holds on an UPDATE that
// changes nothing it reads (variable VariableUnchanged): the pod spec, the labels requireLabels lists (on
// the object, the pod template and a CronJob's job template) and the AppArmor annotations podSecurity
// reads. Custom CEL rules may read anything, oldObject included: they judge every UPDATE of an object not
// being deleted. Requests on the pods/ephemeralcontainers subresource are always judged. The Kyverno
// ClusterPolicy does the same with a celPrecondition and the same variable in each rule; its
// "<name>-ephemeral" policy judges every request (Kyverno hands CEL no subresource).
//
// # Changing or deleting a policy
//
// Applying a policy's compiled objects creates and updates; it never deletes. A new version that
// compiles to fewer objects (a rule removed, a custom rule narrowed to Deployments, the pod rules gone
// from the Kyverno target) leaves the objects it dropped in the cluster, enforcing the old rules while
// offline evaluation of the new version admits; a renamed or deleted policy leaves all of its objects.
// Every compiled object carries CompiledLabels(name): list the live objects of the target's kinds
// (TargetKinds) with them, and Obsolete names those to delete. Through Karmada, delete them from the
// control plane, which removes the members' copies.
//
// # Rule semantics
//
// Each rule looks at every container, init container and ephemeral container of a Pod or pod template
// and denies when:
//
//   - restrictImageRegistries: the fully-qualified image does not start with an allowed prefix. Images
//     are qualified as container runtimes do ("nginx" is "docker.io/library/nginx"), and a prefix is
//     matched as a string, so "registry.corp.example/" does not admit "registry.corp.example.evil.io/app".
//   - requireRequestsLimits: a cpu request, a memory request or a memory limit is missing (Kyverno's
//     policy library rule require-requests-limits; no cpu limit is required).
//   - disallowPrivileged: securityContext.privileged is true.
//   - disallowHostPath: the pod has a hostPath volume.
//   - requireLabels: a listed label key is missing or empty on the object, and for workloads also on the
//     pod template; for CronJobs also on the job template when it has labels (its Jobs carry exactly
//     those; a job template without labels gives its Jobs the pod template's).
//   - disallowLatestTag: the tag is "latest", or there is neither a tag nor a digest
//     ("registry.local:5000/app" has no tag: ":5000" is a port).
//   - requireRunAsNonRoot: the effective runAsNonRoot (the container's, else the pod's) is not true.
//   - podSecurity: a control of the Pod Security Standards level fails. The controls and their allowed
//     values (baseline capabilities, safe sysctls, SELinux types, restricted volume types, seccomp
//     profiles) follow Kubernetes 1.35's Pod Security admission, k8s.io/pod-security-admission@v0.35.4
//     policy/check_*.go; each control is its own validation so a denial names it.
//
// Objects that are neither pods nor pod templates (ConfigMaps, Services) are never denied by pod rules.
// Actions map to binding validationActions as Enforce → [Deny], Audit → [Audit, Warn], Warn → [Warn].
package policy
