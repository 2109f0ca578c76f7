package defaults_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/defaults"
)

func pod(containers ...corev1.Container) *corev1.Pod {
	return &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec:       corev1.PodSpec{Containers: containers}}
}

func TestPullPolicyFollowsTheReferenceGrammar(t *testing.T) {
	digest := strings.Repeat("ab", 32)
	cases := map[string]corev1.PullPolicy{
		"nginx":                          corev1.PullAlways,
		"nginx:latest":                   corev1.PullAlways,
		"nginx:1.25":                     corev1.PullIfNotPresent,
		"nginx@sha256:" + digest:         corev1.PullIfNotPresent,
		"nginx:latest@sha256:" + digest:  corev1.PullAlways,
		"registry.local:5000/app":        corev1.PullAlways,
		"registry.local:5000/app:v1":     corev1.PullIfNotPresent,
		"REGISTRY.example.com/app":       corev1.PullAlways,
		"Nginx":                          corev1.PullIfNotPresent, // not a valid reference
		"nginx@md5:" + digest[:32]:       corev1.PullIfNotPresent, // unsupported digest
		"nginx@sha256:" + digest[:62]:    corev1.PullIfNotPresent, // wrong length
		digest:                           corev1.PullIfNotPresent, // an image ID, not a name
		"x/" + strings.Repeat("y", 255):  corev1.PullIfNotPresent, // path too long
		"ghcr.io/org/app:LATEST":         corev1.PullIfNotPresent,
		"[::1]:5000/app":                 corev1.PullAlways,
		"example.com/a__b/c-d.e:latest":  corev1.PullAlways,
		"nginx:":                         corev1.PullIfNotPresent,
		"index.docker.io/library/nginx":  corev1.PullAlways,
		"example.com/a--b":               corev1.PullAlways,
		"example.com/a---":               corev1.PullIfNotPresent,
		"localhost/app":                  corev1.PullAlways,
		"docker.io/library/nginx:latest": corev1.PullAlways,
	}
	for image, want := range cases {
		d, err := defaults.ForCreate(pod(corev1.Container{Name: "c", Image: image}))
		require.NoError(t, err)
		got := d.Object.(*corev1.Pod).Spec.Containers[0].ImagePullPolicy
		assert.Equal(t, want, got, image)
	}
}

func TestForCreateDefaultsAPod(t *testing.T) {
	p := pod(corev1.Container{Name: "c", Image: "nginx:1.25",
		Ports:          []corev1.ContainerPort{{ContainerPort: 80}},
		Resources:      corev1.ResourceRequirements{Limits: corev1.ResourceList{"cpu": resourceQuantity(t, "500m"), "memory": resourceQuantity(t, "64Mi")}},
		ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{}}}})
	d, err := defaults.ForCreate(p)
	require.NoError(t, err)
	got := d.Object.(*corev1.Pod)
	c := got.Spec.Containers[0]
	assert.Equal(t, corev1.ProtocolTCP, c.Ports[0].Protocol)
	assert.Equal(t, "500m", c.Resources.Requests.Cpu().String(), "a Pod's requests default to its limits")
	assert.Equal(t, "/", c.ReadinessProbe.HTTPGet.Path)
	assert.Equal(t, int32(3), c.ReadinessProbe.FailureThreshold)
	assert.Equal(t, corev1.PodQOSGuaranteed, got.Status.QOSClass)
	assert.Equal(t, corev1.PodPending, got.Status.Phase)
	assert.Equal(t, int32(0), *got.Spec.Priority)
	assert.Len(t, got.Spec.Tolerations, 2)
	assert.Equal(t, corev1.DNSClusterFirst, got.Spec.DNSPolicy)
	assert.Empty(t, p.Spec.DNSPolicy, "the input is not modified")
	assert.True(t, d.Complete)
	assert.Contains(t, fieldNames(d.Unknown), "metadata.uid")
}

func resourceQuantity(t *testing.T, s string) resource.Quantity {
	t.Helper()
	q, err := resource.ParseQuantity(s)
	require.NoError(t, err)
	return q
}

func TestForCreateDefaultsWorkloads(t *testing.T) {
	template := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "w"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}}}
	d, err := defaults.ForCreate(&appsv1.Deployment{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "w"}, Spec: appsv1.DeploymentSpec{Template: template}})
	require.NoError(t, err)
	dep := d.Object.(*appsv1.Deployment)
	assert.Equal(t, int32(1), *dep.Spec.Replicas)
	assert.Equal(t, "25%", dep.Spec.Strategy.RollingUpdate.MaxSurge.String())
	assert.Equal(t, int64(1), dep.Generation)
	assert.Nil(t, dep.Spec.Template.Spec.Priority, "admission plugins run on Pods, not templates")

	d, err = defaults.ForCreate(&appsv1.DaemonSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "DaemonSet"},
		ObjectMeta: metav1.ObjectMeta{Name: "w"}, Spec: appsv1.DaemonSetSpec{Template: template}})
	require.NoError(t, err)
	assert.Equal(t, "1", d.Object.(*appsv1.DaemonSet).Annotations[appsv1.DeprecatedTemplateGeneration])
}

func TestJobSelectorIsUnknown(t *testing.T) {
	job := &batchv1.Job{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{Name: "backup"},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "b"}},
			Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}}}}
	d, err := defaults.ForCreate(job)
	require.NoError(t, err)
	got := d.Object.(*batchv1.Job)
	assert.Equal(t, "backup", got.Spec.Template.Labels[batchv1.JobNameLabel])
	assert.Equal(t, "backup", got.Labels[batchv1.JobNameLabel], "the Job's labels are its template's map")
	names := fieldNames(d.Unknown)
	assert.Contains(t, names, "spec.selector.matchLabels[batch.kubernetes.io/controller-uid]")
	assert.Contains(t, names, "metadata.labels[controller-uid]")
	assert.Equal(t, int32(6), *got.Spec.BackoffLimit)
	assert.Equal(t, batchv1.TerminatingOrFailed, *got.Spec.PodReplacementPolicy)
}

func TestForCreateRejectsWhatTheAPIServerRejects(t *testing.T) {
	priority := int32(5)
	p := pod(corev1.Container{Name: "c", Image: "nginx"})
	p.Spec.Priority = &priority
	ds := &appsv1.DaemonSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "DaemonSet"},
		ObjectMeta: metav1.ObjectMeta{Name: "d", Annotations: map[string]string{appsv1.DeprecatedTemplateGeneration: "x"}}}
	for name, obj := range map[string]runtime.Object{"priority": p, "template generation": ds} {
		_, err := defaults.ForCreate(obj)
		assert.ErrorIs(t, err, defaults.ErrRejected, name)
	}
}

func TestKindsWithoutDefaultsAreIncomplete(t *testing.T) {
	cm := &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"}, ObjectMeta: metav1.ObjectMeta{Name: "c"}}
	d, err := defaults.ForCreate(cm)
	require.NoError(t, err)
	assert.False(t, d.Complete)
	assert.Contains(t, fieldNames(d.Unknown), "status")

	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "u"}, "spec": map[string]any{}}}
	d, err = defaults.ForCreate(u)
	require.NoError(t, err)
	require.IsType(t, &appsv1.Deployment{}, d.Object, "built-in kinds given unstructured come back typed")
	assert.True(t, d.Complete)
}

func TestForUpdateReportsCarriedOverFields(t *testing.T) {
	n, o, err := defaults.ForUpdate(pod(corev1.Container{Name: "c", Image: "nginx"}), pod(corev1.Container{Name: "c", Image: "nginx:1"}))
	require.NoError(t, err)
	for _, d := range []defaults.Object{n, o} {
		assert.Contains(t, fieldNames(d.Unknown), "status")
		assert.Contains(t, fieldNames(d.Unknown), "metadata.generation")
	}
}

func fieldNames(fs []defaults.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}
