package policy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy"
)

// updatePolicy is version one of a policy (a built-in rule: a policy and binding for each kind group) and
// version two (a custom rule only Deployments, StatefulSets and ReplicaSets have the field for: the Pod
// and CronJob policies and bindings, and the Kyverno ephemeral-container policy, are no longer compiled).
func updatePolicy(t *testing.T, version int) policy.FleetPolicy {
	rule := "- disallowPrivileged: {}"
	if version == 2 {
		rule = `- cel: {expression: "object.spec.replicas <= 50", message: "at most 50 replicas"}`
	}
	p, err := policy.Load([]byte(`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: web}
spec:
  action: Enforce
  clusters: {}
  rules:
    ` + rule + "\n"))
	require.NoError(t, err)
	return p
}

func compiled(t *testing.T, p policy.FleetPolicy, target policy.Target) policy.Objects {
	objs, err := policy.Compile(p, target)
	require.NoError(t, err)
	return objs
}

func names(objs []runtime.Object) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.GetObjectKind().GroupVersionKind().Kind + "/" + o.(metav1.Object).GetName()
	}
	return out
}

// listed is how client-go lists typed objects: without apiVersion and kind.
func listed(objs []runtime.Object) []runtime.Object {
	out := make([]runtime.Object, len(objs))
	for i, o := range objs {
		c := o.DeepCopyObject()
		if _, typed := c.(*unstructured.Unstructured); !typed {
			c.GetObjectKind().SetGroupVersionKind(c.GetObjectKind().GroupVersionKind().GroupVersion().WithKind(""))
		}
		out[i] = c
	}
	return out
}

// TestObsoleteNamesWhatAnUpdateNoLongerCompiles: applying a policy's new objects leaves behind the ones it
// no longer compiles to, still enforcing the old rules; Obsolete names exactly those, bindings first.
func TestObsoleteNamesWhatAnUpdateNoLongerCompiles(t *testing.T) {
	v1, v2 := updatePolicy(t, 1), updatePolicy(t, 2)
	live := listed(compiled(t, v1, policy.TargetVAP).Items)
	stale, err := policy.Obsolete("web", compiled(t, v2, policy.TargetVAP), live)
	require.NoError(t, err)
	require.Len(t, stale, 4)
	assert.Equal(t, []string{"web-cronjobs", "web-pods", "web-cronjobs", "web-pods"}, objectNames(stale))
	assert.IsType(t, &admissionregistrationv1.ValidatingAdmissionPolicyBinding{}, stale[0])
	assert.IsType(t, &admissionregistrationv1.ValidatingAdmissionPolicy{}, stale[3])

	kyverno, err := policy.Obsolete("web", compiled(t, v2, policy.TargetKyverno), compiled(t, v1, policy.TargetKyverno).Items)
	require.NoError(t, err)
	assert.Equal(t, []string{"ClusterPolicy/web-ephemeral"}, names(kyverno))

	deleted, err := policy.Obsolete("web", policy.Objects{Target: policy.TargetVAP}, live)
	require.NoError(t, err)
	assert.Len(t, deleted, 6, "a deleted policy leaves all its objects obsolete")

	same, err := policy.Obsolete("web", compiled(t, v1, policy.TargetVAP), live)
	require.NoError(t, err)
	assert.Empty(t, same)
}

// TestObsoleteProposesOnlyTheTargetsObjectsOfThatPolicy: objects of another policy, written by hand, or of
// the other target (the same policy compiled for Kyverno too) are never proposed for deletion.
func TestObsoleteProposesOnlyTheTargetsObjectsOfThatPolicy(t *testing.T) {
	v1 := updatePolicy(t, 1)
	other := v1
	other.Metadata.Name = "api"
	var live []runtime.Object
	live = append(live, compiled(t, other, policy.TargetVAP).Items...)
	live = append(live, compiled(t, v1, policy.TargetKyverno).Items...)
	hand := &admissionregistrationv1.ValidatingAdmissionPolicy{ObjectMeta: metav1.ObjectMeta{Name: "web-pods",
		Labels: map[string]string{policy.LabelPolicy: "web"}}}
	live = append(live, hand, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: policy.CompiledLabels("web")},
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"}})
	stale, err := policy.Obsolete("web", policy.Objects{Target: policy.TargetVAP}, live)
	require.NoError(t, err)
	assert.Empty(t, stale)
}

func TestObsoleteRefusesWhatItCannotTell(t *testing.T) {
	v1 := updatePolicy(t, 1)
	_, err := policy.Obsolete("api", compiled(t, v1, policy.TargetVAP), nil)
	require.ErrorIs(t, err, policy.ErrObjectKind)
	assert.Contains(t, err.Error(), `compiled from policy "web", not "api"`)

	noKind := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "web-pods"}}
	_, err = policy.Obsolete("web", policy.Objects{Target: policy.TargetVAP}, []runtime.Object{noKind})
	require.ErrorIs(t, err, policy.ErrObjectKind)
	assert.Contains(t, err.Error(), `live[0]: policy: object kind: "web-pods" (*v1.ConfigMap) has no apiVersion and kind`)

	_, err = policy.Obsolete("web", policy.Objects{Target: "gatekeeper"}, nil)
	require.ErrorIs(t, err, policy.ErrUnknownTarget)
}

func TestCompiledObjectsCarryCompiledLabels(t *testing.T) {
	for _, target := range policy.Targets() {
		for _, o := range compiled(t, updatePolicy(t, 1), target).Items {
			labels := o.(metav1.Object).GetLabels()
			for k, v := range policy.CompiledLabels("web") {
				assert.Equal(t, v, labels[k], "%s %s", target, k)
			}
		}
	}
}

func objectNames(objs []runtime.Object) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.(metav1.Object).GetName()
	}
	return out
}
