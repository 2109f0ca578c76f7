package karmada

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// OverrideKind is an override policy type the builder produces: the namespaced OverridePolicy or the
// cluster-scoped ClusterOverridePolicy.
type OverrideKind interface {
	*policyv1alpha1.OverridePolicy | *policyv1alpha1.ClusterOverridePolicy
}

// OverrideBuilder builds an OverridePolicy or a ClusterOverridePolicy: per-cluster changes such as a
// different image registry, extra container arguments or a plaintext JSON patch.
type OverrideBuilder[P OverrideKind] struct {
	meta metav1.ObjectMeta
	spec policyv1alpha1.OverrideSpec
	errs []error
	make func(metav1.ObjectMeta, policyv1alpha1.OverrideSpec) P
}

// OverridePolicyBuilder is the builder of a namespaced OverridePolicy.
type OverridePolicyBuilder = OverrideBuilder[*policyv1alpha1.OverridePolicy]

// NewOverridePolicy starts a namespaced OverridePolicy.
func NewOverridePolicy(namespace, name string) *OverridePolicyBuilder {
	b := &OverridePolicyBuilder{meta: metav1.ObjectMeta{Namespace: namespace, Name: name}}
	b.make = func(m metav1.ObjectMeta, s policyv1alpha1.OverrideSpec) *policyv1alpha1.OverridePolicy {
		return &policyv1alpha1.OverridePolicy{TypeMeta: metav1.TypeMeta{APIVersion: policyv1alpha1.GroupVersion.String(),
			Kind: policyv1alpha1.ResourceKindOverridePolicy}, ObjectMeta: m, Spec: s}
	}
	b.errs = append(b.errs, namespacedNameProblems(namespace, name)...)
	return b
}

// NewClusterOverridePolicy starts a cluster-scoped ClusterOverridePolicy.
func NewClusterOverridePolicy(name string) *OverrideBuilder[*policyv1alpha1.ClusterOverridePolicy] {
	b := &OverrideBuilder[*policyv1alpha1.ClusterOverridePolicy]{meta: metav1.ObjectMeta{Name: name}}
	b.make = func(m metav1.ObjectMeta, s policyv1alpha1.OverrideSpec) *policyv1alpha1.ClusterOverridePolicy {
		return &policyv1alpha1.ClusterOverridePolicy{TypeMeta: metav1.TypeMeta{APIVersion: policyv1alpha1.GroupVersion.String(),
			Kind: policyv1alpha1.ResourceKindClusterOverridePolicy}, ObjectMeta: m, Spec: s}
	}
	b.errs = append(b.errs, nameProblems(name)...)
	return b
}

// WithMeta sets the policy's labels and annotations (copied).
func (b *OverrideBuilder[P]) WithMeta(labels, annotations map[string]string) *OverrideBuilder[P] {
	b.meta.Labels, b.meta.Annotations = maps.Clone(labels), maps.Clone(annotations)
	return b
}

// WithResourceSelector adds a resource the overrides apply to; apiVersion and
// kind are required, and a label selector must parse and cannot be combined
// with a name (Karmada would match nothing, or ignore it).
func (b *OverrideBuilder[P]) WithResourceSelector(sel policyv1alpha1.ResourceSelector) *OverrideBuilder[P] {
	if sel.APIVersion == "" || sel.Kind == "" {
		b.errs = append(b.errs, invalid("spec.resourceSelectors", "apiVersion and kind are required, got %q/%q", sel.APIVersion, sel.Kind))
	}
	field := fmt.Sprintf("spec.resourceSelectors[%d]", len(b.spec.ResourceSelectors))
	b.errs = append(b.errs, resourceSelectorProblem(field, sel))
	b.spec.ResourceSelectors = append(b.spec.ResourceSelectors, *sel.DeepCopy())
	return b
}

// WithPlaintextOverride applies an RFC 6902 operation (add, remove or replace) at path, a JSON
// pointer, with value JSON-encoded (ignored for remove), on the target clusters.
func (b *OverrideBuilder[P]) WithPlaintextOverride(target policyv1alpha1.ClusterAffinity, path string,
	op policyv1alpha1.OverriderOperator, value any) *OverrideBuilder[P] {
	const field = "spec.overrideRules.overriders.plaintext"
	o := policyv1alpha1.PlaintextOverrider{Path: path, Operator: op}
	if !strings.HasPrefix(path, "/") {
		b.errs = append(b.errs, invalid(field+".path", "%q is not a JSON pointer", path))
	}
	if op != policyv1alpha1.OverriderOpRemove {
		raw, err := json.Marshal(value)
		if err != nil {
			b.errs = append(b.errs, invalid(field+".value", "%v", err))
		}
		o.Value = apiextensionsv1.JSON{Raw: raw}
	}
	b.checkOperator("plaintext", op, value != nil)
	b.addRule(target, policyv1alpha1.Overriders{Plaintext: []policyv1alpha1.PlaintextOverrider{o}})
	return b
}

// WithImageOverride changes one image component (Registry, Repository or
// Tag) on the target clusters; operator is add, remove or replace.
func (b *OverrideBuilder[P]) WithImageOverride(target policyv1alpha1.ClusterAffinity, component policyv1alpha1.ImageComponent,
	op policyv1alpha1.OverriderOperator, value string) *OverrideBuilder[P] {
	switch component {
	case policyv1alpha1.Registry, policyv1alpha1.Repository, policyv1alpha1.Tag:
	default:
		b.errs = append(b.errs, invalid("spec.overrideRules.overriders.imageOverrider.component", "%q is not one of Registry, Repository, Tag", component))
	}
	b.checkOperator("imageOverrider", op, value != "")
	b.addRule(target, policyv1alpha1.Overriders{ImageOverrider: []policyv1alpha1.ImageOverrider{{Component: component, Operator: op, Value: value}}})
	return b
}

// WithArgsOverride adds or removes arguments of a container on the target clusters.
func (b *OverrideBuilder[P]) WithArgsOverride(target policyv1alpha1.ClusterAffinity, container string,
	op policyv1alpha1.OverriderOperator, values ...string) *OverrideBuilder[P] {
	if container == "" {
		b.errs = append(b.errs, invalid("spec.overrideRules.overriders.argsOverrider.containerName", "must not be empty"))
	}
	if op != policyv1alpha1.OverriderOpAdd && op != policyv1alpha1.OverriderOpRemove {
		b.errs = append(b.errs, invalid("spec.overrideRules.overriders.argsOverrider.operator", "%q is not one of add, remove", op))
	}
	b.addRule(target, policyv1alpha1.Overriders{ArgsOverrider: []policyv1alpha1.CommandArgsOverrider{
		{ContainerName: container, Operator: op, Value: append([]string(nil), values...)}}})
	return b
}

func (b *OverrideBuilder[P]) checkOperator(overrider string, op policyv1alpha1.OverriderOperator, hasValue bool) {
	field := "spec.overrideRules.overriders." + overrider + ".operator"
	switch op {
	case policyv1alpha1.OverriderOpAdd, policyv1alpha1.OverriderOpReplace:
		if !hasValue {
			b.errs = append(b.errs, invalid(field, "%s needs a value", op))
		}
	case policyv1alpha1.OverriderOpRemove:
	default:
		b.errs = append(b.errs, invalid(field, "%q is not one of add, remove, replace", op))
	}
}

func (b *OverrideBuilder[P]) addRule(target policyv1alpha1.ClusterAffinity, o policyv1alpha1.Overriders) {
	field := fmt.Sprintf("spec.overrideRules[%d].targetCluster", len(b.spec.OverrideRules))
	b.errs = append(b.errs, checkAffinity(field, target), admittedOperators(field, target))
	b.spec.OverrideRules = append(b.spec.OverrideRules,
		policyv1alpha1.RuleWithCluster{TargetCluster: target.DeepCopy(), Overriders: o})
}

// Build returns the policy, or every problem recorded, joined, together
// with the ones Karmada's admission finds: a resource selector naming another
// namespace, a target's field selector operator other than In and NotIn.
func (b *OverrideBuilder[P]) Build() (P, error) {
	errs := append([]error(nil), b.errs...)
	errs = append(errs, selectorNamespaces(b.meta.Namespace, b.spec.ResourceSelectors)...)
	if len(b.spec.ResourceSelectors) == 0 {
		errs = append(errs, invalid("spec.resourceSelectors", "at least one resource selector is required"))
	}
	if len(b.spec.OverrideRules) == 0 {
		errs = append(errs, invalid("spec.overrideRules", "at least one override is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return b.make(*b.meta.DeepCopy(), *b.spec.DeepCopy()), nil
}
