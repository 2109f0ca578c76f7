package kube_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/rollout/kube"
)

// The tests of this package run on a real kube-apiserver and etcd: resourceVersion preconditions,
// owner references and merge patches are the API server's, not a fake's.
var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{}, &env)
}

// newNamespace creates a namespace named after the test and returns it.
func newNamespace(t *testing.T, name string) string {
	t.Helper()
	require.NoError(t, env.Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}))
	return name
}

// podinfo is a target Deployment running image with two replicas.
func podinfo(ns, image string) *appsv1.Deployment {
	labels := map[string]string{"app": "podinfo"}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "podinfo", Namespace: ns},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(int32(2)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: image}}},
			},
		},
	}
}

// target creates the podinfo target in a new namespace and returns its key and options.
func target(t *testing.T, ns, image string) (types.NamespacedName, kube.Options) {
	t.Helper()
	d := podinfo(newNamespace(t, ns), image)
	require.NoError(t, env.Create(context.Background(), d))
	key := client.ObjectKeyFromObject(d)
	return key, kube.Options{Target: key}
}

func get(t *testing.T, ns, name string) *appsv1.Deployment {
	t.Helper()
	d := &appsv1.Deployment{}
	require.NoError(t, env.Client.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: name}, d))
	return d
}

// setImage changes the target's template, as a developer releasing a version does.
func setImage(t *testing.T, key types.NamespacedName, image string) string {
	t.Helper()
	d := get(t, key.Namespace, key.Name)
	d.Spec.Template.Spec.Containers[0].Image = image
	require.NoError(t, env.Client.Update(context.Background(), d))
	rev, err := kube.RevisionOf(d)
	require.NoError(t, err)
	return rev
}

// annotate sets (or, with an empty value, removes) an annotation of the target, as kubectl does.
func annotate(t *testing.T, key types.NamespacedName, name, value string) {
	t.Helper()
	d := get(t, key.Namespace, key.Name)
	patch := client.MergeFrom(d.DeepCopy())
	if value == "" {
		delete(d.Annotations, name)
	} else {
		if d.Annotations == nil {
			d.Annotations = map[string]string{}
		}
		d.Annotations[name] = value
	}
	require.NoError(t, env.Client.Patch(context.Background(), d, patch))
}

// markReady plays the Deployment controller and kubelet, which envtest lacks: every wanted
// replica of the current generation is updated and available.
func markReady(t *testing.T, ns, name string) {
	t.Helper()
	d := get(t, ns, name)
	n := ptr.Deref(d.Spec.Replicas, 1)
	d.Status = appsv1.DeploymentStatus{ObservedGeneration: d.Generation, Replicas: n, UpdatedReplicas: n,
		ReadyReplicas: n, AvailableReplicas: n}
	require.NoError(t, env.Client.Status().Update(context.Background(), d))
}
