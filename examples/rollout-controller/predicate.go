package main

import (
	"maps"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	"github.com/fleetkit/fleetkit/rollout/kube"
)

// ours passes the events of Deployments the controller rolls out or was rolling out: those with
// the analysis annotation, and those with a record but no analysis annotation any more, which the
// controller makes safe and lets go. An update passes when either side is ours, so the update
// that removes the analysis annotation is seen.
func ours() predicate.Predicate {
	is := func(o client.Object) bool {
		a := o.GetAnnotations()
		_, analysed := a[kube.AnnotationAnalysis]
		_, recorded := a[kube.AnnotationRecord]
		return analysed || recorded
	}
	return predicate.Funcs{
		CreateFunc:  func(e event.CreateEvent) bool { return is(e.Object) },
		DeleteFunc:  func(e event.DeleteEvent) bool { return is(e.Object) },
		GenericFunc: func(e event.GenericEvent) bool { return is(e.Object) },
		UpdateFunc:  func(e event.UpdateEvent) bool { return is(e.ObjectOld) || is(e.ObjectNew) },
	}
}

// notOnlyTheRecord passes every event but an update that changed nothing of a Deployment except
// its record: the controller's own saves, two per tick, and the status updates that follow them
// (the generation of a Deployment counts annotation changes). Reconciling those would only find the next
// tick not due, at the price of a read from the API server each. A record that disappears (deleted
// by hand, dropped by `kubectl replace`) still passes, so it is rebuilt at once; a record another
// writer changed is found by the next tick's compare-and-set, at most one interval later.
func notOnlyTheRecord() predicate.Predicate {
	return predicate.Funcs{UpdateFunc: func(e event.UpdateEvent) bool {
		old, okOld := e.ObjectOld.(*appsv1.Deployment)
		cur, okNew := e.ObjectNew.(*appsv1.Deployment)
		if !okOld || !okNew {
			return true
		}
		return !onlyTheRecordChanged(old, cur)
	}}
}

func onlyTheRecordChanged(old, cur *appsv1.Deployment) bool {
	_, had := old.Annotations[kube.AnnotationRecord]
	_, has := cur.Annotations[kube.AnnotationRecord]
	if had && !has {
		return false
	}
	return old.DeletionTimestamp.Equal(cur.DeletionTimestamp) &&
		maps.Equal(old.Labels, cur.Labels) &&
		equalExceptRecord(old.Annotations, cur.Annotations) &&
		equality.Semantic.DeepEqual(old.Spec, cur.Spec) &&
		equalExceptObservedGeneration(old.Status, cur.Status)
}

// equalExceptObservedGeneration compares two statuses but for the generation the Deployment
// controller observed: a Deployment's generation counts annotation changes too, so every saved
// record is followed by a status update that only catches up with it.
func equalExceptObservedGeneration(a, b appsv1.DeploymentStatus) bool {
	a.ObservedGeneration, b.ObservedGeneration = 0, 0
	return equality.Semantic.DeepEqual(a, b)
}

func equalExceptRecord(a, b map[string]string) bool {
	return maps.EqualFunc(withoutRecord(a), withoutRecord(b), func(x, y string) bool { return x == y })
}

func withoutRecord(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if k != kube.AnnotationRecord {
			out[k] = v
		}
	}
	return out
}
