package policy

import (
	"fmt"
	"reflect"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/fleet"
)

// Placement says where a compiled policy goes: its objects, on the fleet members a label selector picks.
// A multi-cluster adapter turns it into its own API's objects: distribute/karmada.PropagateObjects builds
// the Karmada ClusterPropagationPolicy and distribute/karmada.OverrideObjects the ClusterOverridePolicy
// (fleetctl policy compile --target karmada does exactly that).
//
// The objects are created in the multi-cluster control plane, which is an API server too: karmada-apiserver
// runs the ValidatingAdmissionPolicy plugin (on by default from Kubernetes 1.30). A binding placed as
// compiled would be enforced there, on the workload templates of every cluster, so that a policy for
// env=prod would deny a Deployment bound for dev. Objects therefore holds every binding inert — its object
// selector matches no object — and MemberOverride gives each member's copy its real selector back.
type Placement struct {
	// Meta is the metadata of the propagating object: the policy's name, its labels with fleetkit's
	// (LabelManagedBy, LabelPolicy), and its annotations.
	Meta metav1.ObjectMeta
	// Clusters is spec.clusters, matched against member labels with Karmada's cluster-affinity semantics
	// (see Members); {} selects every member.
	Clusters *metav1.LabelSelector
	// Objects are the objects to create in the control plane and place, cluster-scoped, in apply order;
	// each has its apiVersion, kind and name. Bindings are inert (see Placement).
	Objects []runtime.Object
	// MemberOverride is the change every selected member's copy of MemberOverride.Objects needs.
	MemberOverride MemberOverride
}

// MemberOverride replaces one field of the placed objects on the members (an RFC 6902 replace).
type MemberOverride struct {
	// Objects are the placed objects the override applies to: the inert bindings.
	Objects []runtime.Object
	// Path is the JSON pointer of the field: /spec/matchResources/objectSelector.
	Path string
	// Value is the field's value on the members: the binding's compiled object selector.
	Value *metav1.LabelSelector
}

// LabelInert is the label key of the object selector that keeps a binding inert in the control plane: a
// selector that requires the key both to exist and not to exist, which no object satisfies.
const LabelInert = "policy.fleetkit.dev/inert-in-control-plane"

// inertSelector matches no object.
func inertSelector() *metav1.LabelSelector {
	return &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: LabelInert, Operator: metav1.LabelSelectorOpExists},
		{Key: LabelInert, Operator: metav1.LabelSelectorOpDoesNotExist}}}
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
	pl := Placement{Meta: objectMeta(p, p.Metadata.Name), Clusters: p.Spec.Clusters.DeepCopy(),
		MemberOverride: MemberOverride{Path: "/spec/matchResources/objectSelector"}}
	for _, o := range objs.Items {
		acc, ok := o.(metav1.Object)
		if !ok {
			return Placement{}, fmt.Errorf("policy: distribute %T: not a Kubernetes object", o)
		}
		if o.GetObjectKind().GroupVersionKind().Kind == "" {
			return Placement{}, fmt.Errorf("policy: distribute object %q: apiVersion and kind must be set", acc.GetName())
		}
		placed, err := pl.controlPlaneCopy(o)
		if err != nil {
			return Placement{}, err
		}
		pl.Objects = append(pl.Objects, placed)
	}
	return pl, nil
}

// controlPlaneCopy returns o as it is created in the control plane: a binding inert, recorded in
// MemberOverride with its selector; any other object as compiled.
func (pl *Placement) controlPlaneCopy(o runtime.Object) (runtime.Object, error) {
	b, ok := o.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding)
	if !ok {
		return o, nil
	}
	if b.Spec.MatchResources == nil {
		// Without matchResources a binding matches what its policy matches: it cannot be made inert.
		return nil, invalid("bindings["+b.Name+"].spec.matchResources", "required to distribute the binding: it is made inert in the control plane with an object selector")
	}
	inert := b.DeepCopy()
	selector := inert.Spec.MatchResources.ObjectSelector
	if selector == nil {
		selector = &metav1.LabelSelector{}
	}
	if pl.MemberOverride.Value == nil {
		pl.MemberOverride.Value = selector.DeepCopy()
	} else if !reflect.DeepEqual(pl.MemberOverride.Value, selector) {
		return nil, invalid("bindings["+b.Name+"].spec.matchResources.objectSelector",
			"differs from the other bindings', which one member override restores")
	}
	inert.Spec.MatchResources.ObjectSelector = inertSelector()
	pl.MemberOverride.Objects = append(pl.MemberOverride.Objects, inert)
	return inert, nil
}

// Members returns the fleet members p.Spec.Clusters selects, with Karmada's cluster-affinity semantics (the
// member's labels plus its role label). A nil selector selects none: the policy is not distributed.
func Members(p FleetPolicy, f fleet.Fleet) ([]fleet.Member, error) {
	if p.Spec.Clusters == nil {
		return nil, nil
	}
	return f.Select(fleet.Affinity{LabelSelector: p.Spec.Clusters})
}
