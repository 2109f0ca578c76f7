package karmada

import (
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// Policy is a propagation policy object the PolicyBuilder can produce.
type Policy interface {
	*policyv1alpha1.PropagationPolicy | *policyv1alpha1.ClusterPropagationPolicy
}

// PolicyBuilder builds a PropagationPolicy or a ClusterPropagationPolicy.
// Every With method records problems instead of failing; Build reports them all.
type PolicyBuilder[P Policy] struct {
	meta metav1.ObjectMeta
	spec policyv1alpha1.PropagationSpec
	errs []error
	make func(metav1.ObjectMeta, policyv1alpha1.PropagationSpec) P
	// scheduling records which replica scheduling option was chosen, to
	// reject a second, conflicting one.
	scheduling string
}

// NewPropagationPolicy starts a namespaced PropagationPolicy.
func NewPropagationPolicy(namespace, name string) *PolicyBuilder[*policyv1alpha1.PropagationPolicy] {
	b := &PolicyBuilder[*policyv1alpha1.PropagationPolicy]{meta: metav1.ObjectMeta{Namespace: namespace, Name: name}}
	b.make = func(m metav1.ObjectMeta, s policyv1alpha1.PropagationSpec) *policyv1alpha1.PropagationPolicy {
		return &policyv1alpha1.PropagationPolicy{TypeMeta: metav1.TypeMeta{APIVersion: policyv1alpha1.GroupVersion.String(),
			Kind: policyv1alpha1.ResourceKindPropagationPolicy}, ObjectMeta: m, Spec: s}
	}
	b.errs = append(b.errs, namespacedNameProblems(namespace, name)...)
	return b
}

// NewClusterPropagationPolicy starts a cluster-scoped ClusterPropagationPolicy.
func NewClusterPropagationPolicy(name string) *PolicyBuilder[*policyv1alpha1.ClusterPropagationPolicy] {
	b := &PolicyBuilder[*policyv1alpha1.ClusterPropagationPolicy]{meta: metav1.ObjectMeta{Name: name}}
	b.make = func(m metav1.ObjectMeta, s policyv1alpha1.PropagationSpec) *policyv1alpha1.ClusterPropagationPolicy {
		return &policyv1alpha1.ClusterPropagationPolicy{TypeMeta: metav1.TypeMeta{APIVersion: policyv1alpha1.GroupVersion.String(),
			Kind: policyv1alpha1.ResourceKindClusterPropagationPolicy}, ObjectMeta: m, Spec: s}
	}
	b.errs = append(b.errs, nameProblems(name)...)
	return b
}

// WithResourceSelector adds a resource the policy propagates; apiVersion and
// kind are required, and a label selector must parse and cannot be combined
// with a name (Karmada would match nothing, or ignore it).
func (b *PolicyBuilder[P]) WithResourceSelector(sel policyv1alpha1.ResourceSelector) *PolicyBuilder[P] {
	if sel.APIVersion == "" || sel.Kind == "" {
		b.errs = append(b.errs, invalid("spec.resourceSelectors", "apiVersion and kind are required, got %q/%q", sel.APIVersion, sel.Kind))
	}
	field := fmt.Sprintf("spec.resourceSelectors[%d]", len(b.spec.ResourceSelectors))
	b.errs = append(b.errs, resourceSelectorProblem(field, sel))
	b.spec.ResourceSelectors = append(b.spec.ResourceSelectors, *sel.DeepCopy())
	return b
}

// WithWorkload selects one named object, e.g. ("apps/v1", "Deployment", "web").
func (b *PolicyBuilder[P]) WithWorkload(apiVersion, kind, name string) *PolicyBuilder[P] {
	return b.WithResourceSelector(policyv1alpha1.ResourceSelector{APIVersion: apiVersion, Kind: kind, Name: name})
}

// WithClusterAffinity restricts the candidate clusters. It cannot be combined
// with WithClusterAffinities.
func (b *PolicyBuilder[P]) WithClusterAffinity(a policyv1alpha1.ClusterAffinity) *PolicyBuilder[P] {
	if len(b.spec.Placement.ClusterAffinities) > 0 {
		b.errs = append(b.errs, invalid("spec.placement.clusterAffinity", "cannot be combined with clusterAffinities"))
	}
	b.errs = append(b.errs, checkAffinity("spec.placement.clusterAffinity", a))
	b.spec.Placement.ClusterAffinity = a.DeepCopy()
	return b
}

// WithClusterAffinities adds ordered affinity groups: the scheduler uses the
// first group that yields clusters. Group names must be qualified names of at
// most 32 bytes, unique over every call; Build checks them.
func (b *PolicyBuilder[P]) WithClusterAffinities(terms ...policyv1alpha1.ClusterAffinityTerm) *PolicyBuilder[P] {
	if b.spec.Placement.ClusterAffinity != nil {
		b.errs = append(b.errs, invalid("spec.placement.clusterAffinities", "cannot be combined with clusterAffinity"))
	}
	for _, t := range terms {
		field := fmt.Sprintf("spec.placement.clusterAffinities[%d]", len(b.spec.Placement.ClusterAffinities))
		b.errs = append(b.errs, checkAffinity(field, t.ClusterAffinity))
		b.spec.Placement.ClusterAffinities = append(b.spec.Placement.ClusterAffinities, *t.DeepCopy())
	}
	return b
}

// Build returns the policy, or every problem recorded, joined, together
// with the problems Karmada's admission finds in the policy as a whole
// (a field spread by twice, field spread constraints without a cluster
// constraint, affinity term names that are malformed, too long or not
// unique, field selector operators other than In and NotIn, a
// PropagationPolicy's resource selector naming another namespace).
func (b *PolicyBuilder[P]) Build() (P, error) {
	var errs []error
	errs = append(errs, b.errs...)
	errs = append(errs, admissionProblems(b.spec.Placement)...)
	errs = append(errs, selectorNamespaces(b.meta.Namespace, b.spec.ResourceSelectors)...)
	if len(b.spec.ResourceSelectors) == 0 {
		errs = append(errs, invalid("spec.resourceSelectors", "at least one resource selector is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return b.make(*b.meta.DeepCopy(), *b.spec.DeepCopy()), nil
}
