package eval

import (
	"fmt"
	"maps"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// namespacesIn returns the Namespaces among objs, in order. Applying a stream creates (or relabels) its
// Namespaces before the objects in them are admitted, so their labels are what namespace selectors see.
func namespacesIn(objs []runtime.Object) ([]corev1.Namespace, error) {
	var out []corev1.Namespace
	for _, o := range objs {
		switch ns := o.(type) {
		case *corev1.Namespace:
			out = append(out, *ns)
		case *unstructured.Unstructured:
			if gvk := ns.GroupVersionKind(); gvk.Group != "" || gvk.Kind != "Namespace" {
				continue
			}
			var typed corev1.Namespace
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(ns.Object, &typed); err != nil {
				return nil, fmt.Errorf("%w: Namespace %q: %w", ErrDecode, ns.GetName(), err)
			}
			out = append(out, typed)
		}
	}
	return out, nil
}

// ForStream returns an evaluator for the objects of one stream applied together (several manifest
// files applied at once, say): it sees the Namespaces among objs with their labels, as applying them
// creates or relabels those Namespaces before the other objects are admitted, wherever they are in the
// stream; applied over Options.Namespaces of the same names, they keep those labels they do not set
// (kubectl apply keeps live labels a manifest does not mention). e is unchanged, and the two share their
// compiled policies, so ForStream is cheap. EvaluateManifests is ForStream, then Evaluate for every
// object in order; a caller evaluating a stream concurrently calls ForStream once and Evaluate on each
// object. An error names a Namespace that does not convert (ErrDecode).
func (e *Evaluator) ForStream(objs []runtime.Object) (*Evaluator, error) {
	nss, err := namespacesIn(objs)
	if err != nil {
		return nil, err
	}
	return e.withNamespaces(nss), nil
}

// withNamespaces returns an evaluator sharing e's compiled policies whose namespace selectors see nss
// applied over e's namespaces: a Namespace of a name e knows keeps its labels, the applied ones merged in
// (theirs win), as kubectl apply keeps live labels a manifest does not mention; e itself is unchanged.
// Without nss it is e.
func (e *Evaluator) withNamespaces(nss []corev1.Namespace) *Evaluator {
	if len(nss) == 0 {
		return e
	}
	byName := map[string]int{}
	var merged []corev1.Namespace
	for _, ns := range append(append([]corev1.Namespace(nil), e.namespaces...), nss...) {
		if i, ok := byName[ns.Name]; ok {
			merged[i] = applyNamespace(merged[i], ns)
			continue
		}
		byName[ns.Name] = len(merged)
		merged = append(merged, ns)
	}
	return &Evaluator{hooks: e.hooks, dispatcher: dispatcherOver(merged), objects: e.objects, user: e.user,
		restMapper: e.restMapper, namespaces: merged}
}

// applyNamespace is live after applying ns over it: ns with live's labels it does not set.
func applyNamespace(live, ns corev1.Namespace) corev1.Namespace {
	labels := maps.Clone(live.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	maps.Copy(labels, ns.Labels)
	ns.Labels = labels
	return ns
}
