package policy

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/fleet"
)

// Karmada identifiers. The ClusterPropagationPolicy is built as unstructured data following Karmada's
// policy.karmada.io/v1alpha1 schema, keeping this package free of Karmada's Go module.
const (
	KarmadaAPIVersion = "policy.karmada.io/v1alpha1"
	KarmadaKind       = "ClusterPropagationPolicy"
)

type karmadaSelector struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
}

// Distribute returns a Karmada ClusterPropagationPolicy named after p that places objects (compiled from p,
// cluster-scoped) on the members p.Spec.Clusters selects. A policy without a cluster selector is an error:
// distributing it everywhere by default is exactly the silent widening a fleet policy must not do.
func Distribute(p FleetPolicy, objects []runtime.Object) (*unstructured.Unstructured, error) {
	if p.Spec.Clusters == nil {
		return nil, invalid("spec.clusters", "required to distribute the policy; use {} to select every member")
	}
	if len(objects) == 0 {
		return nil, invalid("spec.rules", "nothing to distribute")
	}
	selectors := make([]karmadaSelector, len(objects))
	for i, o := range objects {
		acc, err := metaAccessor(o)
		if err != nil {
			return nil, err
		}
		gvk := o.GetObjectKind().GroupVersionKind()
		if gvk.Kind == "" {
			return nil, fmt.Errorf("policy: distribute object %q: apiVersion and kind must be set", acc.GetName())
		}
		selectors[i] = karmadaSelector{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind, Name: acc.GetName()}
	}
	spec, err := toMap(map[string]any{
		"resourceSelectors": selectors,
		"placement":         map[string]any{"clusterAffinity": map[string]any{"labelSelector": p.Spec.Clusters}},
	})
	if err != nil {
		return nil, err
	}
	meta, err := toMap(objectMeta(p, p.Metadata.Name))
	if err != nil {
		return nil, err
	}
	delete(meta, "creationTimestamp")
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": KarmadaAPIVersion, "kind": KarmadaKind, "metadata": meta, "spec": spec,
	}}, nil
}

func metaAccessor(o runtime.Object) (metav1.Object, error) {
	acc, ok := o.(metav1.Object)
	if !ok {
		return nil, fmt.Errorf("policy: distribute %T: not a Kubernetes object", o)
	}
	return acc, nil
}

// Members returns the fleet members p.Spec.Clusters selects, with Karmada's cluster-affinity semantics (the
// member's labels plus its role label). A nil selector selects none: the policy is not distributed.
func Members(p FleetPolicy, f fleet.Fleet) ([]fleet.Member, error) {
	if p.Spec.Clusters == nil {
		return nil, nil
	}
	return f.Select(fleet.Affinity{LabelSelector: p.Spec.Clusters})
}
