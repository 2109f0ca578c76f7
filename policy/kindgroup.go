package policy

import (
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// kindGroup is a set of kinds whose pod spec sits at the same path. Each group compiles to its own
// ValidatingAdmissionPolicy, so every expression type-checks against the real schema of the kinds it sees.
type kindGroup struct {
	// suffix names the compiled objects: "<policy>-<suffix>".
	suffix string
	// resources are the matchConstraints resource rules.
	resources []admissionregistrationv1.NamedRuleWithOperations
	// kinds are the kind names, as request.kind.kind holds them (Kyverno selectors add the API group:
	// kyvernoKinds).
	kinds []string
	// gvks are the kinds with their group and version, index for index with kinds: custom CEL rules are
	// type-checked against the schema of each.
	gvks []schema.GroupVersionKind
	// podSpec is the CEL path of the pod spec; templateMeta the CEL path of the pod template's metadata, or
	// "" for bare pods.
	podSpec      string
	templateMeta string
	// jobTemplateMeta is the CEL path of a CronJob's job template metadata, or "": the CronJob controller
	// creates each Job with exactly the labels there.
	jobTemplateMeta string
}

var createUpdate = []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update}

func resourceRule(group string, resources ...string) admissionregistrationv1.NamedRuleWithOperations {
	scope := admissionregistrationv1.NamespacedScope
	return admissionregistrationv1.NamedRuleWithOperations{RuleWithOperations: admissionregistrationv1.RuleWithOperations{
		Operations: createUpdate,
		Rule: admissionregistrationv1.Rule{APIGroups: []string{group}, APIVersions: []string{"v1"},
			Resources: resources, Scope: &scope},
	}}
}

// kindGroups are the three shapes of pod-bearing objects. Ephemeral containers are added to running pods
// through the pods/ephemeralcontainers subresource, so that subresource is covered too.
func kindGroups() []kindGroup {
	return []kindGroup{
		{
			suffix:    "pods",
			resources: []admissionregistrationv1.NamedRuleWithOperations{resourceRule("", "pods", "pods/ephemeralcontainers")},
			kinds:     []string{"Pod"},
			gvks:      []schema.GroupVersionKind{{Version: "v1", Kind: "Pod"}},
			podSpec:   "object.spec",
		},
		{
			suffix: "workloads",
			resources: []admissionregistrationv1.NamedRuleWithOperations{
				resourceRule("apps", "deployments", "statefulsets", "daemonsets", "replicasets"),
				resourceRule("batch", "jobs"),
			},
			kinds: []string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"},
			gvks: []schema.GroupVersionKind{apps("Deployment"), apps("StatefulSet"), apps("DaemonSet"),
				apps("ReplicaSet"), {Group: "batch", Version: "v1", Kind: "Job"}},
			podSpec:      "object.spec.template.spec",
			templateMeta: "object.spec.template.metadata",
		},
		{
			suffix:          "cronjobs",
			resources:       []admissionregistrationv1.NamedRuleWithOperations{resourceRule("batch", "cronjobs")},
			kinds:           []string{"CronJob"},
			gvks:            []schema.GroupVersionKind{{Group: "batch", Version: "v1", Kind: "CronJob"}},
			podSpec:         "object.spec.jobTemplate.spec.template.spec",
			templateMeta:    "object.spec.jobTemplate.spec.template.metadata",
			jobTemplateMeta: "object.spec.jobTemplate.?metadata",
		},
	}
}

func apps(kind string) schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: kind}
}

// variables are the named expressions every check builds on; they are lazily evaluated and cached per request
// by the admission machinery.
func (g kindGroup) variables() []admissionregistrationv1.Variable {
	return []admissionregistrationv1.Variable{
		{Name: "podSpec", Expression: g.podSpec},
		{Name: "containers", Expression: "variables.podSpec.containers + " +
			"(has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])"},
		{Name: "ephemeralContainers", Expression: "has(variables.podSpec.ephemeralContainers) ? " +
			"variables.podSpec.ephemeralContainers : []"},
	}
}

// inline replaces the variables in a generated check by the paths they stand for. kube-apiserver's type
// checker sees variables of object type as dyn, so only inlined paths are checked against the schema of each
// kind; custom CEL rules keep the variables their authors wrote.
func (g kindGroup) inline(c check) check {
	c.expression = strings.ReplaceAll(c.expression, "variables.podSpec", g.podSpec)
	c.messageExpression = strings.ReplaceAll(c.messageExpression, "variables.podSpec", g.podSpec)
	return c
}
