package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/event"

	"github.com/fleetkit/fleetkit/rollout/kube"
)

// The controller's own record saves (and the status updates that catch up with the generation
// they bump) wake no reconcile; every other change does.
func TestNotOnlyTheRecord(t *testing.T) {
	base := func() *appsv1.Deployment {
		return &appsv1.Deployment{
			ObjectMeta: metav1.ObjectMeta{Name: "recommender", Generation: 4, ResourceVersion: "10",
				Labels:      map[string]string{"app": "recommender"},
				Annotations: map[string]string{kube.AnnotationAnalysis: "{}", kube.AnnotationRecord: `{"a":1}`}},
			Spec:   appsv1.DeploymentSpec{Replicas: ptr.To[int32](2)},
			Status: appsv1.DeploymentStatus{ObservedGeneration: 4, ReadyReplicas: 2},
		}
	}
	cases := []struct {
		name   string
		change func(d *appsv1.Deployment)
		wakes  bool
	}{
		{"record saved", func(d *appsv1.Deployment) { d.Annotations[kube.AnnotationRecord] = `{"a":2}`; d.Generation++ }, false},
		{"status catches up with the generation", func(d *appsv1.Deployment) { d.Status.ObservedGeneration = 5 }, false},
		{"record deleted", func(d *appsv1.Deployment) { delete(d.Annotations, kube.AnnotationRecord) }, true},
		{"intent written", func(d *appsv1.Deployment) { d.Annotations[kube.AnnotationIntent] = "abort" }, true},
		{"analysis edited", func(d *appsv1.Deployment) { d.Annotations[kube.AnnotationAnalysis] = `{"x":1}` }, true},
		{"template changed", func(d *appsv1.Deployment) { d.Spec.Paused = true; d.Generation++ }, true},
		{"scaled", func(d *appsv1.Deployment) { d.Spec.Replicas = ptr.To[int32](3); d.Generation++ }, true},
		{"readiness changed", func(d *appsv1.Deployment) { d.Status.ReadyReplicas = 1 }, true},
		{"label changed", func(d *appsv1.Deployment) { d.Labels["tier"] = "web" }, true},
		{"being deleted", func(d *appsv1.Deployment) { d.DeletionTimestamp = &metav1.Time{} }, true},
	}
	p := notOnlyTheRecord()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			old, cur := base(), base()
			c.change(cur)
			cur.ResourceVersion = "11"
			assert.Equal(t, c.wakes, p.Update(event.UpdateEvent{ObjectOld: old, ObjectNew: cur}))
		})
	}
	assert.True(t, p.Create(event.CreateEvent{Object: base()}))
	assert.True(t, p.Delete(event.DeleteEvent{Object: base()}))
}

// The update that removes the analysis annotation reaches the reconciler, which lets the target go;
// Deployments that were never rolled out do not.
func TestOursSeesTheAnalysisRemoved(t *testing.T) {
	with := func(annotations ...string) *appsv1.Deployment {
		d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "recommender", Annotations: map[string]string{}}}
		for _, a := range annotations {
			d.Annotations[a] = "{}"
		}
		return d
	}
	p := ours()
	assert.True(t, p.Update(event.UpdateEvent{ObjectOld: with(kube.AnnotationAnalysis, kube.AnnotationRecord), ObjectNew: with(kube.AnnotationRecord)}),
		"the analysis annotation removed")
	assert.True(t, p.Create(event.CreateEvent{Object: with(kube.AnnotationRecord)}), "removed while the controller was down")
	assert.True(t, p.Create(event.CreateEvent{Object: with(kube.AnnotationAnalysis)}))
	assert.False(t, p.Update(event.UpdateEvent{ObjectOld: with(), ObjectNew: with("other")}), "never rolled out")
	assert.False(t, p.Create(event.CreateEvent{Object: with()}))
}
