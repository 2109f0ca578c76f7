package eval

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/scheme"
)

// withKind returns obj with its apiVersion and kind set. A typed object built in Go usually has an empty
// TypeMeta (client-go and controller-runtime clear it on decoded objects too); its kind is the one its Go
// type is registered as in client-go's scheme, as controller-runtime's apiutil.GVKForObject resolves it.
// The caller's object is never modified: a resolved object is a copy. Unstructured objects and typed ones
// whose TypeMeta is complete come back as they are, once the TypeMeta is checked against the Go type.
func withKind(obj runtime.Object) (runtime.Object, error) {
	if obj == nil {
		return nil, &KindError{Type: "<nil>", Reason: "no object"}
	}
	if _, ok := obj.(runtime.Unstructured); ok {
		return obj, nil
	}
	gvk, err := kindOf(obj)
	if err != nil {
		return nil, err
	}
	if obj.GetObjectKind().GroupVersionKind() == gvk {
		return obj, nil
	}
	c := obj.DeepCopyObject()
	c.GetObjectKind().SetGroupVersionKind(gvk)
	return c, nil
}

// kindOf is the kind of a typed object: the one of its Go type's registered kinds that its TypeMeta names,
// or the only one when its TypeMeta is empty.
func kindOf(obj runtime.Object) (schema.GroupVersionKind, error) {
	typeName := func() string { return fmt.Sprintf("%T", obj) }
	kinds, unversioned, err := scheme.Scheme.ObjectKinds(obj)
	if err != nil {
		return schema.GroupVersionKind{}, &KindError{Type: typeName(),
			Reason: "the type is not registered in client-go's scheme; set apiVersion and kind on an *unstructured.Unstructured instead"}
	}
	if unversioned {
		return schema.GroupVersionKind{}, &KindError{Type: typeName(), Reason: "an unversioned type is not an object the API server admits"}
	}
	set := obj.GetObjectKind().GroupVersionKind()
	if set.Empty() {
		if len(kinds) > 1 {
			return schema.GroupVersionKind{}, &KindError{Type: typeName(),
				Reason: fmt.Sprintf("the type is registered as %v; set apiVersion and kind to choose", kinds)}
		}
		return kinds[0], nil
	}
	for _, k := range kinds {
		if k == set || (set.Version == "" && k.Kind == set.Kind) || (set.Kind == "" && k.GroupVersion() == set.GroupVersion()) {
			return k, nil
		}
	}
	return schema.GroupVersionKind{}, &KindError{Type: typeName(),
		Reason: fmt.Sprintf("apiVersion and kind say %s but the type is registered as %v", set, kinds)}
}
