// Package eval evaluates ValidatingAdmissionPolicies offline, in-process, with kube-apiserver's own admission
// machinery (k8s.io/apiserver v0.35, the minor of the client-go fleetkit pins): the same CEL environment, the
// same policy and binding matching, the same dispatcher turning validation failures into Deny, Warn and Audit.
// A manifest denied here is denied by a 1.35 API server with the same message, and one admitted here is
// admitted there; the integration test of this package proves it against a real kube-apiserver.
//
// It lives apart from package policy because k8s.io/apiserver is a heavy dependency: programs that only
// compile policies do not link it.
//
// What offline evaluation cannot see: defaults the API server applies before admission (a custom CEL rule
// that reads a defaulted field may differ; the built-in rules are written not to), mutating admission, and
// params (policies with paramKind are rejected by New). Namespaces not passed in Options exist with only the
// kubernetes.io/metadata.name label, as the API server labels every namespace.
//
// The machinery used is k8s.io/apiserver@v0.35.4's: pkg/admission/plugin/policy/validating (the
// ValidatingAdmissionPolicy plugin and its dispatcher), pkg/admission/plugin/policy/matching (policy and
// binding match rules, namespace and object selectors) and pkg/cel/environment (the CEL environment of
// the 1.35 compatibility version).
//
// # Worked cases
//
// The tests pin these verdicts (cases named "public: ..."), which the integration test also checks
// against a real kube-apiserver:
//
//   - restrictImageRegistries ["registry.corp.example/"]: a Pod whose app image is
//     registry.corp.example/team/app:1.2 and whose init container is docker.io/library/busybox:1.36 is
//     denied for the init container; a Pod with registry.corp.example.evil.io/app:1.2 is denied (a prefix,
//     not a host, is matched); a Deployment with nginx:1.25 is denied (pod templates are covered);
//   - disallowPrivileged: a Pod with one container privileged: false and one unset is admitted;
//   - disallowHostPath: a Pod with an emptyDir and a hostPath volume is denied;
//   - disallowLatestTag: a Pod with image nginx@sha256:<64 hex digits> (a digest, no tag) is admitted.
package eval
