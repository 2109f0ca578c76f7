package policy

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ErrObjectKind is matched by the errors of Obsolete for an object whose kind it cannot tell (no apiVersion
// and kind, and a Go type other than the compiled ones) or that another FleetPolicy compiled.
var ErrObjectKind = errors.New("policy: object kind")

// managedBy is the LabelManagedBy value of every compiled object.
const managedBy = "fleetkit"

// CompiledLabels returns the labels every object compiled from the FleetPolicy named name carries, for
// every target: list the live objects of the target's kinds (TargetKinds) with them and pass them to
// Obsolete. The Karmada objects that place a policy carry them too, but are of no target's kinds.
func CompiledLabels(name string) map[string]string {
	return map[string]string{LabelManagedBy: managedBy, LabelPolicy: name}
}

// TargetKinds returns the kinds of the objects Compile writes for target, in delete order: a binding
// before its policy, so that no binding is left naming a missing policy.
func TargetKinds(target Target) ([]schema.GroupVersionKind, error) {
	switch target {
	case TargetVAP:
		gv := admissionregistrationv1.SchemeGroupVersion
		return []schema.GroupVersionKind{gv.WithKind("ValidatingAdmissionPolicyBinding"), gv.WithKind("ValidatingAdmissionPolicy")}, nil
	case TargetKyverno:
		return []schema.GroupVersionKind{schema.FromAPIVersionAndKind(KyvernoAPIVersion, KyvernoKind)}, nil
	}
	return nil, fmt.Errorf("%w %q: use one of %v", ErrUnknownTarget, target, Targets())
}

// Obsolete returns the objects of live that an earlier Compile of the FleetPolicy named name for
// objs.Target wrote and objs no longer holds, in delete order (bindings first, then by name). Applying
// objs creates and updates; it never removes what the policy no longer compiles to: a rule removed, or a
// custom rule narrowed, drops a kind group's ValidatingAdmissionPolicy and binding (or the Kyverno
// "<name>-ephemeral" ClusterPolicy), and the copy left in the cluster keeps enforcing the old rules
// while offline evaluation of the new policy admits. Through Karmada, delete them from the control
// plane: a propagation policy that stops selecting an object leaves its copies on the members, while
// deleting the object removes them.
//
// live may hold anything listed with CompiledLabels(name) (typed objects without apiVersion and kind, as
// client-go lists them, included). Only objects of objs.Target's kinds labelled as compiled from name are
// returned, so objects written by hand or by another policy, and the other target's objects, are never
// proposed. For a policy that was deleted or renamed pass Objects{Target: target}: all of its objects are
// obsolete. Errors: ErrUnknownTarget, or ErrObjectKind for an object of objs compiled from another
// policy or of live whose kind cannot be told.
func Obsolete(name string, objs Objects, live []runtime.Object) ([]runtime.Object, error) {
	kinds, err := TargetKinds(objs.Target)
	if err != nil {
		return nil, err
	}
	keep := map[objectKey]bool{}
	for i, o := range objs.Items {
		key, meta, err := keyOf(o)
		if err != nil {
			return nil, fmt.Errorf("policy: obsolete: objects[%d]: %w", i, err)
		}
		if owner := meta.GetLabels()[LabelPolicy]; owner != name {
			return nil, fmt.Errorf("policy: obsolete: objects[%d] %s %q: %w: compiled from policy %q, not %q",
				i, key.kind.Kind, key.name, ErrObjectKind, owner, name)
		}
		keep[key] = true
	}
	var found []listed
	for i, o := range live {
		key, meta, err := keyOf(o)
		if err != nil {
			return nil, fmt.Errorf("policy: obsolete: live[%d]: %w", i, err)
		}
		if kindRank(kinds, key.kind) < 0 || keep[key] || !compiledFrom(meta, name) {
			continue
		}
		found = append(found, listed{obj: o, key: key})
	}
	return inDeleteOrder(found, kinds), nil
}

// listed is a live object with its key.
type listed struct {
	obj runtime.Object
	key objectKey
}

// objectKey identifies an object by group, kind and name: the version it was listed at does not matter.
type objectKey struct {
	kind schema.GroupKind
	name string
}

// keyOf returns o's key. A typed object without apiVersion and kind, as client-go lists them, gets the
// kind of its Go type when it is one Compile writes.
func keyOf(o runtime.Object) (objectKey, metav1.Object, error) {
	meta, ok := o.(metav1.Object)
	if !ok {
		return objectKey{}, nil, fmt.Errorf("%w: %T is not a Kubernetes object", ErrObjectKind, o)
	}
	gk := o.GetObjectKind().GroupVersionKind().GroupKind()
	if gk.Kind == "" {
		gv := admissionregistrationv1.SchemeGroupVersion
		switch o.(type) {
		case *admissionregistrationv1.ValidatingAdmissionPolicy:
			gk = gv.WithKind("ValidatingAdmissionPolicy").GroupKind()
		case *admissionregistrationv1.ValidatingAdmissionPolicyBinding:
			gk = gv.WithKind("ValidatingAdmissionPolicyBinding").GroupKind()
		default:
			return objectKey{}, nil, fmt.Errorf("%w: %q (%T) has no apiVersion and kind", ErrObjectKind, meta.GetName(), o)
		}
	}
	return objectKey{kind: gk, name: meta.GetName()}, meta, nil
}

// compiledFrom tells whether meta carries the labels of an object compiled from the policy named name.
func compiledFrom(meta metav1.Object, name string) bool {
	labels := meta.GetLabels()
	return labels[LabelManagedBy] == managedBy && labels[LabelPolicy] == name
}

// kindRank is the index of gk in kinds, or -1.
func kindRank(kinds []schema.GroupVersionKind, gk schema.GroupKind) int {
	for i, k := range kinds {
		if k.GroupKind() == gk {
			return i
		}
	}
	return -1
}

// inDeleteOrder returns the objects of found by kind as in kinds, then by name.
func inDeleteOrder(found []listed, kinds []schema.GroupVersionKind) []runtime.Object {
	slices.SortStableFunc(found, func(a, b listed) int {
		if c := cmp.Compare(kindRank(kinds, a.key.kind), kindRank(kinds, b.key.kind)); c != 0 {
			return c
		}
		return strings.Compare(a.key.name, b.key.name)
	})
	var out []runtime.Object
	for _, f := range found {
		out = append(out, f.obj)
	}
	return out
}
