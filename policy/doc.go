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
// Compile turns a validated FleetPolicy into one of three targets:
//
//   - TargetVAP: admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies and their bindings, enforced by
//     kube-apiserver itself (Kubernetes 1.30 or newer). One policy per kind group (pods, pod-template
//     workloads, CronJobs) so that every expression type-checks against the real schema of its kinds.
//   - TargetKyverno: a kyverno.io/v1 ClusterPolicy with validate.cel rules (Kyverno 1.13 or newer), for
//     background scans and PolicyReports. fleetkit does not depend on Kyverno's Go module: the ClusterPolicy
//     is built as an unstructured object following Kyverno's published schema.
//   - TargetKarmada: the ValidatingAdmissionPolicies and bindings plus a Karmada ClusterPropagationPolicy
//     (policy.karmada.io/v1alpha1, also unstructured, so this package stays free of Karmada's Go module)
//     that places them on the members the policy's cluster selector matches.
//
// Every CEL expression, generated or written by the user, is parsed and type-checked with cel-go while
// compiling; an invalid policy is a *ValidationError naming the rule and the field, never an object that
// silently allows everything. The subpackage policy/eval evaluates the compiled policies offline with
// kube-apiserver's own admission machinery.
package policy
