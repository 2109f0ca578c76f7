package eval

import (
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	corelisters "k8s.io/client-go/listers/core/v1"
)

// namespaceLister serves the namespaces given in Options and, for any other name, a namespace carrying only
// the kubernetes.io/metadata.name label, which the API server sets on every namespace. It never fails, so the
// matcher never falls back to its (absent) client.
type namespaceLister struct {
	known map[string]*corev1.Namespace
	// others caches the namespaces made up for other names, so that each has one object.
	others *sync.Map
}

var _ corelisters.NamespaceLister = namespaceLister{}

func newNamespaceLister(nss []corev1.Namespace) namespaceLister {
	known := make(map[string]*corev1.Namespace, len(nss))
	for i := range nss {
		ns := nss[i].DeepCopy()
		if ns.Labels == nil {
			ns.Labels = map[string]string{}
		}
		ns.Labels[corev1.LabelMetadataName] = ns.Name
		known[ns.Name] = ns
	}
	return namespaceLister{known: known, others: &sync.Map{}}
}

// List implements corelisters.NamespaceLister for the namespaces given in Options.
func (l namespaceLister) List(selector labels.Selector) ([]*corev1.Namespace, error) {
	var out []*corev1.Namespace
	for _, ns := range l.known {
		if selector.Matches(labels.Set(ns.Labels)) {
			out = append(out, ns.DeepCopy())
		}
	}
	return out, nil
}

// Get implements corelisters.NamespaceLister. Like an informer's lister it returns the shared object, which
// callers must not modify.
func (l namespaceLister) Get(name string) (*corev1.Namespace, error) {
	if ns, ok := l.known[name]; ok {
		return ns, nil
	}
	if ns, ok := l.others.Load(name); ok {
		return ns.(*corev1.Namespace), nil
	}
	ns, _ := l.others.LoadOrStore(name, &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{corev1.LabelMetadataName: name}},
		Status:     corev1.NamespaceStatus{Phase: corev1.NamespaceActive},
	})
	return ns.(*corev1.Namespace), nil
}
