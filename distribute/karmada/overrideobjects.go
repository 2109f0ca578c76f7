package karmada

import (
	"encoding/json"
	"errors"
	"maps"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// OverrideObjects builds the ClusterOverridePolicy that replaces one field of cluster-scoped objects on
// the member clusters a label selector picks: a plaintext replace of path (a JSON pointer) with value,
// JSON-encoded. It pairs with PropagateObjects for objects whose control-plane copy must differ from the
// members' — the inert admission policy bindings of policy.Placement (see policy.MemberOverride). meta
// names the policy and gives its labels and annotations; each object needs its apiVersion, kind and name.
// Problems are *ValidationErrors, joined.
func OverrideObjects(meta metav1.ObjectMeta, clusters *metav1.LabelSelector, path string, value any, objects ...runtime.Object) (*policyv1alpha1.ClusterOverridePolicy, error) {
	var errs []error
	if msgs := validation.IsDNS1123Subdomain(meta.Name); len(msgs) > 0 {
		errs = append(errs, invalid("metadata.name", "%q: %s", meta.Name, msgs[0]))
	}
	cop := &policyv1alpha1.ClusterOverridePolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: policyv1alpha1.GroupVersion.String(), Kind: policyv1alpha1.ResourceKindClusterOverridePolicy},
		ObjectMeta: metav1.ObjectMeta{Name: meta.Name, Labels: maps.Clone(meta.Labels), Annotations: maps.Clone(meta.Annotations)},
	}
	if len(objects) == 0 {
		errs = append(errs, invalid("spec.resourceSelectors", "at least one object is required"))
	}
	for i, o := range objects {
		sel, err := selectorOf(i, o)
		errs = append(errs, err)
		cop.Spec.ResourceSelectors = append(cop.Spec.ResourceSelectors, sel)
	}
	rule, err := replaceRule(clusters, path, value)
	errs = append(errs, err)
	cop.Spec.OverrideRules = []policyv1alpha1.RuleWithCluster{rule}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return cop, nil
}

// replaceRule is the override rule replacing path with value on the clusters selected.
func replaceRule(clusters *metav1.LabelSelector, path string, value any) (policyv1alpha1.RuleWithCluster, error) {
	const field = "spec.overrideRules[0]"
	if clusters == nil {
		return policyv1alpha1.RuleWithCluster{}, invalid(field+".targetCluster.labelSelector", "required: use {} to select every cluster")
	}
	if !strings.HasPrefix(path, "/") {
		return policyv1alpha1.RuleWithCluster{}, invalid(field+".overriders.plaintext[0].path", "%q is not a JSON pointer", path)
	}
	raw, err := json.Marshal(value)
	if err != nil {
		return policyv1alpha1.RuleWithCluster{}, invalid(field+".overriders.plaintext[0].value", "%v", err)
	}
	target := policyv1alpha1.ClusterAffinity{LabelSelector: clusters.DeepCopy()}
	if err := checkAffinity(field+".targetCluster", target); err != nil {
		return policyv1alpha1.RuleWithCluster{}, err
	}
	return policyv1alpha1.RuleWithCluster{TargetCluster: &target, Overriders: policyv1alpha1.Overriders{
		Plaintext: []policyv1alpha1.PlaintextOverrider{{Path: path, Operator: policyv1alpha1.OverriderOpReplace,
			Value: apiextensionsv1.JSON{Raw: raw}}}}}, nil
}
