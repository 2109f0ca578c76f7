package policy

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// APIVersion and Kind identify a FleetPolicy document.
const (
	APIVersion = "policy.fleetkit.dev/v1alpha1"
	Kind       = "FleetPolicy"
)

// FleetPolicy is one policy written once for the whole fleet: which members get it, what it checks, and what
// happens to a request that breaks it.
type FleetPolicy struct {
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Metadata   Metadata        `json:"metadata"`
	Spec       FleetPolicySpec `json:"spec"`
}

// Metadata is the identity of a FleetPolicy. The name prefixes every compiled object, so it must be a DNS-1123
// label.
type Metadata struct {
	Name        string            `json:"name"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// FleetPolicySpec is what the policy enforces and where.
type FleetPolicySpec struct {
	// Action is what a violation does: Enforce denies, Audit records and warns, Warn only warns.
	Action Action `json:"action"`
	// Clusters selects the fleet members that receive the policy (Karmada cluster labels). Required by
	// PlacementOf; nil means the policy is not distributed.
	Clusters *metav1.LabelSelector `json:"clusters,omitempty"`
	// Namespaces selects the namespaces the policy covers; nil covers every namespace.
	Namespaces *metav1.LabelSelector `json:"namespaces,omitempty"`
	// Rules are checked in order; a request must pass all of them.
	Rules []Rule `json:"rules"`
}

// Action is what a violation of the policy does to the request.
type Action string

// The actions of a FleetPolicy.
const (
	// ActionEnforce denies violating requests (VAP validationActions [Deny]).
	ActionEnforce Action = "Enforce"
	// ActionAudit admits them, records an audit annotation and returns a warning ([Audit, Warn]).
	ActionAudit Action = "Audit"
	// ActionWarn admits them with a warning ([Warn]).
	ActionWarn Action = "Warn"
)

// Rule is exactly one check. The set field names the rule kind, as in YAML: `- disallowPrivileged: {}`.
type Rule struct {
	RestrictImageRegistries *RestrictImageRegistries `json:"restrictImageRegistries,omitempty"`
	RequireRequestsLimits   *RequireRequestsLimits   `json:"requireRequestsLimits,omitempty"`
	DisallowPrivileged      *DisallowPrivileged      `json:"disallowPrivileged,omitempty"`
	DisallowHostPath        *DisallowHostPath        `json:"disallowHostPath,omitempty"`
	RequireLabels           *RequireLabels           `json:"requireLabels,omitempty"`
	DisallowLatestTag       *DisallowLatestTag       `json:"disallowLatestTag,omitempty"`
	RequireRunAsNonRoot     *RequireRunAsNonRoot     `json:"requireRunAsNonRoot,omitempty"`
	PodSecurity             *PodSecurity             `json:"podSecurity,omitempty"`
	CEL                     *CELRule                 `json:"cel,omitempty"`
}

// RestrictImageRegistries denies images whose fully-qualified reference does not start with an allowed prefix.
// Images without a registry host are qualified the way container runtimes do ("nginx" is
// "docker.io/library/nginx"), so a prefix must start with a registry host and end with "/".
type RestrictImageRegistries struct {
	Allowed []string `json:"allowed"`
}

// RequireRequestsLimits denies containers without a cpu request, a memory request or a memory limit (the
// Kyverno library rule: no cpu limit is required). Ephemeral containers are exempt: the API forbids
// resources on them.
type RequireRequestsLimits struct{}

// DisallowPrivileged denies containers with securityContext.privileged: true.
type DisallowPrivileged struct{}

// DisallowHostPath denies pods with any hostPath volume.
type DisallowHostPath struct{}

// RequireLabels denies objects where a listed label key is missing or empty: on the object itself and, for
// workloads, on the pod template too; for CronJobs also on the job template, unless it has no labels.
type RequireLabels struct {
	Keys []string `json:"keys"`
}

// DisallowLatestTag denies images tagged latest and images with neither a tag nor a digest.
type DisallowLatestTag struct{}

// RequireRunAsNonRoot denies containers whose effective runAsNonRoot (container setting, else pod setting) is
// not true.
type RequireRunAsNonRoot struct{}

// PodSecurity applies the Pod Security Standards checks of a level.
type PodSecurity struct {
	Level PodSecurityLevel `json:"level"`
}

// PodSecurityLevel is a Pod Security Standards level.
type PodSecurityLevel string

// The Pod Security Standards levels a PodSecurity rule accepts (privileged checks nothing, so it is refused).
const (
	LevelBaseline   PodSecurityLevel = "baseline"
	LevelRestricted PodSecurityLevel = "restricted"
)

// CELRule is the escape hatch: a CEL expression that must be true for the request to pass. It sees the
// ValidatingAdmissionPolicy variables object, oldObject, request, namespaceObject and authorizer, plus
// variables.podSpec, variables.containers (containers and init containers) and variables.ephemeralContainers.
// It is type-checked against the schema of every kind the policy applies to and compiled only for the kinds
// it type-checks against (the package documentation says how).
type CELRule struct {
	Expression string `json:"expression"`
	// Message is shown when the expression is false; MessageExpression (a CEL string expression) wins over it.
	Message           string `json:"message,omitempty"`
	MessageExpression string `json:"messageExpression,omitempty"`
}
