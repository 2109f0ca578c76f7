package karmada

import (
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// OverridePolicyBuilder builds an OverridePolicy: per-cluster changes such as
// a different image registry or extra container arguments.
type OverridePolicyBuilder struct {
	policy policyv1alpha1.OverridePolicy
	errs   []error
}

// NewOverridePolicy starts a namespaced OverridePolicy.
func NewOverridePolicy(namespace, name string) *OverridePolicyBuilder {
	b := &OverridePolicyBuilder{policy: policyv1alpha1.OverridePolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: policyv1alpha1.GroupVersion.String(), Kind: policyv1alpha1.ResourceKindOverridePolicy},
		ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}}}
	if errs := validation.IsDNS1123Label(namespace); len(errs) > 0 {
		b.errs = append(b.errs, invalid("metadata.namespace", "%q: %s", namespace, errs[0]))
	}
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		b.errs = append(b.errs, invalid("metadata.name", "%q: %s", name, errs[0]))
	}
	return b
}

// WithResourceSelector adds a resource the overrides apply to.
func (b *OverridePolicyBuilder) WithResourceSelector(sel policyv1alpha1.ResourceSelector) *OverridePolicyBuilder {
	if sel.APIVersion == "" || sel.Kind == "" {
		b.errs = append(b.errs, invalid("spec.resourceSelectors", "apiVersion and kind are required, got %q/%q", sel.APIVersion, sel.Kind))
	}
	b.policy.Spec.ResourceSelectors = append(b.policy.Spec.ResourceSelectors, *sel.DeepCopy())
	return b
}

// WithImageOverride changes one image component (Registry, Repository or
// Tag) on the target clusters; operator is add, remove or replace.
func (b *OverridePolicyBuilder) WithImageOverride(target policyv1alpha1.ClusterAffinity, component policyv1alpha1.ImageComponent,
	op policyv1alpha1.OverriderOperator, value string) *OverridePolicyBuilder {
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
func (b *OverridePolicyBuilder) WithArgsOverride(target policyv1alpha1.ClusterAffinity, container string,
	op policyv1alpha1.OverriderOperator, values ...string) *OverridePolicyBuilder {
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

func (b *OverridePolicyBuilder) checkOperator(overrider string, op policyv1alpha1.OverriderOperator, hasValue bool) {
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

func (b *OverridePolicyBuilder) addRule(target policyv1alpha1.ClusterAffinity, o policyv1alpha1.Overriders) {
	field := fmt.Sprintf("spec.overrideRules[%d].targetCluster", len(b.policy.Spec.OverrideRules))
	b.errs = append(b.errs, checkAffinity(field, target), admittedOperators(field, target))
	b.policy.Spec.OverrideRules = append(b.policy.Spec.OverrideRules,
		policyv1alpha1.RuleWithCluster{TargetCluster: target.DeepCopy(), Overriders: o})
}

// Build returns the policy, or every problem recorded, joined, together
// with the ones Karmada's admission finds: a resource selector naming another
// namespace, a target's field selector operator other than In and NotIn.
func (b *OverridePolicyBuilder) Build() (*policyv1alpha1.OverridePolicy, error) {
	errs := append([]error(nil), b.errs...)
	errs = append(errs, selectorNamespaces(b.policy.Namespace, b.policy.Spec.ResourceSelectors)...)
	if len(b.policy.Spec.ResourceSelectors) == 0 {
		errs = append(errs, invalid("spec.resourceSelectors", "at least one resource selector is required"))
	}
	if len(b.policy.Spec.OverrideRules) == 0 {
		errs = append(errs, invalid("spec.overrideRules", "at least one override is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return b.policy.DeepCopy(), nil
}
