package karmada

import (
	"fmt"
	"maps"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// PropagateObjects builds, with NewClusterPropagationPolicy, the ClusterPropagationPolicy that places
// cluster-scoped objects on the member clusters a label selector picks: how the admission policies
// compiled by package policy reach their clusters (see policy.PlacementOf). meta names the policy and
// gives its labels and annotations; each object needs its apiVersion, kind and name, and becomes one
// resource selector, in order. A nil selector is an error (placing everywhere must be asked for, with
// an empty selector); problems are *ValidationErrors, joined.
func PropagateObjects(meta metav1.ObjectMeta, clusters *metav1.LabelSelector, objects ...runtime.Object) (*policyv1alpha1.ClusterPropagationPolicy, error) {
	b := NewClusterPropagationPolicy(meta.Name)
	if clusters == nil {
		b.errs = append(b.errs, invalid("spec.placement.clusterAffinity.labelSelector", "required: use {} to select every cluster"))
	} else {
		b.WithClusterAffinity(policyv1alpha1.ClusterAffinity{LabelSelector: clusters})
	}
	for i, o := range objects {
		sel, err := selectorOf(i, o)
		if err != nil {
			b.errs = append(b.errs, err)
		}
		b.WithResourceSelector(sel)
	}
	cpp, err := b.Build()
	if err != nil {
		return nil, err
	}
	cpp.Labels = maps.Clone(meta.Labels)
	cpp.Annotations = maps.Clone(meta.Annotations)
	return cpp, nil
}

// selectorOf selects object o, the i-th, by apiVersion, kind and name; a problem when o lacks them.
func selectorOf(i int, o runtime.Object) (policyv1alpha1.ResourceSelector, error) {
	gvk := o.GetObjectKind().GroupVersionKind()
	sel := policyv1alpha1.ResourceSelector{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind}
	acc, ok := o.(metav1.Object)
	switch {
	case !ok:
		return sel, invalid(fmt.Sprintf("spec.resourceSelectors[%d]", i), "%T is not a Kubernetes object", o)
	case acc.GetName() == "":
		return sel, invalid(fmt.Sprintf("spec.resourceSelectors[%d].name", i), "the %s has no name", gvk.Kind)
	}
	sel.Name = acc.GetName()
	return sel, nil
}
