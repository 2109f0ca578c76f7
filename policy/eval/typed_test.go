package eval_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/eval"
)

// widget is a Go type no scheme knows.
type widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

func (w *widget) DeepCopyObject() runtime.Object {
	c := *w
	w.DeepCopyInto(&c.ObjectMeta)
	return &c
}

func latestPod() *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx:latest"}}}}
}

func latestDeployment() *appsv1.Deployment {
	labels := map[string]string{"app": "web"}
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx:latest"}}}}}}
}

// TestEvaluateResolvesTheKindOfTypedObjects evaluates typed objects built in Go, as controllers build them,
// without TypeMeta: the kind comes from the scheme, the verdict equals that of the same object with its
// TypeMeta set, and the caller's object is left as it was.
func TestEvaluateResolvesTheKindOfTypedObjects(t *testing.T) {
	ev, err := eval.ForPolicy(loadPolicy(t, "latest"), eval.Options{})
	require.NoError(t, err)
	cases := []struct {
		name     string
		bare     runtime.Object
		withKind func() runtime.Object
		object   string
	}{
		{"pod", latestPod(), func() runtime.Object {
			p := latestPod()
			p.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}
			return p
		}, "Pod/shop/web"},
		{"deployment", latestDeployment(), func() runtime.Object {
			d := latestDeployment()
			d.TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}
			return d
		}, "Deployment/shop/web"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, err := ev.Evaluate(context.Background(), c.withKind())
			require.NoError(t, err)
			require.False(t, want.Allowed, "the latest tag is denied")
			got, err := ev.Evaluate(context.Background(), c.bare)
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.Equal(t, c.object, got.Object)
			assert.True(t, c.bare.GetObjectKind().GroupVersionKind().Empty(), "the caller's object is not modified")

			got, err = ev.EvaluateUpdate(context.Background(), c.bare, c.bare)
			require.NoError(t, err)
			assert.True(t, got.Allowed, "an UPDATE that changes nothing the rules read is not checked again")
		})
	}
}

// TestEvaluateRefusesObjectsOfUnknownKind: a Go type the scheme does not know, and a TypeMeta that
// contradicts the Go type, are errors naming the type, not a guess.
func TestEvaluateRefusesObjectsOfUnknownKind(t *testing.T) {
	ev, err := eval.ForPolicy(loadPolicy(t, "latest"), eval.Options{})
	require.NoError(t, err)
	contradicting := latestPod()
	contradicting.TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}
	cases := []struct {
		name   string
		obj    runtime.Object
		reason string
	}{
		{"unregistered type", &widget{ObjectMeta: metav1.ObjectMeta{Name: "w"}}, "not registered"},
		{"kind contradicts the type", contradicting, "apps/v1, Kind=Deployment"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ev.Evaluate(context.Background(), c.obj)
			require.ErrorIs(t, err, eval.ErrUnknownKind)
			var kerr *eval.KindError
			require.True(t, errors.As(err, &kerr), "%v", err)
			assert.Contains(t, kerr.Type, runtimeTypeName(c.obj))
			assert.Contains(t, kerr.Error(), c.reason)
		})
	}
}

func runtimeTypeName(obj runtime.Object) string {
	switch obj.(type) {
	case *widget:
		return "*eval_test.widget"
	case *corev1.Pod:
		return "*v1.Pod"
	}
	return "?"
}
