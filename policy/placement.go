package policy

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/fleet"
)

// Placement says where a compiled policy goes: its objects, on the fleet members a label selector picks.
// A multi-cluster adapter turns it into its own API's object: distribute/karmada.PropagateObjects builds
// the Karmada ClusterPropagationPolicy (fleetctl policy compile --target karmada does exactly that).
type Placement struct {
	// Meta is the metadata of the propagating object: the policy's name, its labels with fleetkit's
	// (LabelManagedBy, LabelPolicy), and its annotations.
	Meta metav1.ObjectMeta
	// Clusters is spec.clusters, matched against member labels with Karmada's cluster-affinity semantics
	// (see Members); {} selects every member.
	Clusters *metav1.LabelSelector
	// Objects are the compiled objects to place, cluster-scoped, in apply order; each has its apiVersion,
	// kind and name.
	Objects []runtime.Object
}

// PlacementOf returns where p's compiled objects go. A policy without a cluster selector is an error:
// distributing it everywhere by default is exactly the silent widening a fleet policy must not do.
func PlacementOf(p FleetPolicy, objs Objects) (Placement, error) {
	if p.Spec.Clusters == nil {
		return Placement{}, invalid("spec.clusters", "required to distribute the policy; use {} to select every member")
	}
	if len(objs.Items) == 0 {
		return Placement{}, invalid("spec.rules", "nothing to distribute")
	}
	for _, o := range objs.Items {
		acc, ok := o.(metav1.Object)
		if !ok {
			return Placement{}, fmt.Errorf("policy: distribute %T: not a Kubernetes object", o)
		}
		if o.GetObjectKind().GroupVersionKind().Kind == "" {
			return Placement{}, fmt.Errorf("policy: distribute object %q: apiVersion and kind must be set", acc.GetName())
		}
	}
	return Placement{Meta: objectMeta(p, p.Metadata.Name), Clusters: p.Spec.Clusters.DeepCopy(),
		Objects: append([]runtime.Object(nil), objs.Items...)}, nil
}

// Members returns the fleet members p.Spec.Clusters selects, with Karmada's cluster-affinity semantics (the
// member's labels plus its role label). A nil selector selects none: the policy is not distributed.
func Members(p FleetPolicy, f fleet.Fleet) ([]fleet.Member, error) {
	if p.Spec.Clusters == nil {
		return nil, nil
	}
	return f.Select(fleet.Affinity{LabelSelector: p.Spec.Clusters})
}
