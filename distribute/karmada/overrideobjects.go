package karmada

import (
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// OverrideObjects builds, with NewClusterOverridePolicy, the ClusterOverridePolicy that replaces one
// field of cluster-scoped objects on the member clusters a label selector picks: a plaintext replace of
// path (a JSON pointer) with value, JSON-encoded. It pairs with PropagateObjects for objects whose
// control-plane copy must differ from the members' — the inert admission policy bindings of
// policy.Placement (see policy.MemberOverride). meta names the policy and gives its labels and
// annotations; each object needs its apiVersion, kind and name. A nil selector is an error (use {} for
// every cluster); problems are *ValidationErrors, joined.
func OverrideObjects(meta metav1.ObjectMeta, clusters *metav1.LabelSelector, path string, value any, objects ...runtime.Object) (*policyv1alpha1.ClusterOverridePolicy, error) {
	b := NewClusterOverridePolicy(meta.Name).WithMeta(meta.Labels, meta.Annotations)
	var errs []error
	for i, o := range objects {
		sel, err := selectorOf(i, o)
		errs = append(errs, err)
		b.WithResourceSelector(sel)
	}
	if clusters == nil {
		errs = append(errs, invalid("spec.overrideRules[0].targetCluster.labelSelector", "required: use {} to select every cluster"))
	} else {
		b.WithPlaintextOverride(policyv1alpha1.ClusterAffinity{LabelSelector: clusters}, path, policyv1alpha1.OverriderOpReplace, value)
	}
	cop, err := b.Build()
	if err := errors.Join(append(errs, err)...); err != nil {
		return nil, err
	}
	return cop, nil
}
