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
package eval
