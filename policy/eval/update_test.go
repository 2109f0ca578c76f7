package eval_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/eval"
)

// updateCase is an UPDATE of old, an object the policy denies on creation (it was stored before the policy),
// into obj.
type updateCase struct {
	name     string
	policy   string // key of testPolicies
	old      runtime.Object
	update   func(runtime.Object) runtime.Object // obj from a copy of old
	allowed  bool
	terminal bool // old is deleted (with a finalizer) before the update
}

func oldReplicaSet(image string) *appsv1.ReplicaSet {
	three := int32(3)
	labels := map[string]string{"app": "web", "pod-template-hash": "6d4f"}
	return &appsv1.ReplicaSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"},
		ObjectMeta: metav1.ObjectMeta{Name: "web-6d4f", Namespace: metav1.NamespaceDefault, Labels: labels},
		Spec: appsv1.ReplicaSetSpec{Replicas: &three, Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: image}}}}}}
}

func oldPod(image string, labels, annotations map[string]string) *corev1.Pod {
	return &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "job-x", Namespace: metav1.NamespaceDefault, Labels: labels,
			Annotations: annotations, Finalizers: []string{"batch.kubernetes.io/job-tracking"}},
		Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever,
			Containers: []corev1.Container{{Name: "app", Image: image}}}}
}

func scaleTo(n int32) func(runtime.Object) runtime.Object {
	return func(o runtime.Object) runtime.Object {
		rs := o.DeepCopyObject().(*appsv1.ReplicaSet)
		rs.Spec.Replicas = &n
		return rs
	}
}

func editPod(edit func(*corev1.Pod)) func(runtime.Object) runtime.Object {
	return func(o runtime.Object) runtime.Object {
		p := o.DeepCopyObject().(*corev1.Pod)
		edit(p)
		return p
	}
}

var updateCases = []updateCase{
	{name: "deployment controller scales down an old replicaset", policy: "latest",
		old: oldReplicaSet("nginx:latest"), update: scaleTo(0), allowed: true},
	{name: "a changed pod template is checked", policy: "latest", old: oldReplicaSet("nginx:1.25"),
		update: func(o runtime.Object) runtime.Object {
			rs := o.DeepCopyObject().(*appsv1.ReplicaSet)
			rs.Spec.Template.Spec.Containers[0].Image = "nginx:latest"
			return rs
		}, allowed: false},
	{name: "job controller removes its finalizer from an old pod", policy: "latest",
		old: oldPod("nginx:latest", nil, nil), update: editPod(func(p *corev1.Pod) { p.Finalizers = nil }), allowed: true},
	{name: "garbage collector removes a finalizer from a terminating pod", policy: "latest", terminal: true,
		old: oldPod("nginx:latest", nil, nil), update: editPod(func(p *corev1.Pod) { p.Finalizers = nil }), allowed: true},
	{name: "an unread label changes", policy: "latest", old: oldPod("nginx:latest", map[string]string{"app": "web"}, nil),
		update: editPod(func(p *corev1.Pod) { p.Labels["app"] = "orphan" }), allowed: true},
	{name: "a required label is emptied", policy: "labels",
		old:    oldPod("nginx:1.25", map[string]string{"app.kubernetes.io/name": "web", "team": "shop"}, nil),
		update: editPod(func(p *corev1.Pod) { p.Labels["team"] = "" }), allowed: false},
	{name: "an unrequired label changes on a pod lacking required labels", policy: "labels",
		old:    oldPod("nginx:1.25", map[string]string{"app": "web"}, nil),
		update: editPod(func(p *corev1.Pod) { p.Labels["app"] = "orphan" }), allowed: true},
	// (A pod's AppArmor annotations are immutable; a pod template's are not.)
	{name: "a template AppArmor annotation is set to unconfined", policy: "baseline",
		old: func() runtime.Object {
			rs := oldReplicaSet("nginx:1.25")
			rs.Spec.Template.Annotations = map[string]string{"container.apparmor.security.beta.kubernetes.io/app": "runtime/default"}
			return rs
		}(),
		update: func(o runtime.Object) runtime.Object {
			rs := o.DeepCopyObject().(*appsv1.ReplicaSet)
			rs.Spec.Template.Annotations["container.apparmor.security.beta.kubernetes.io/app"] = "unconfined"
			return rs
		}, allowed: false},
	{name: "another annotation changes on a baseline-violating pod", policy: "baseline",
		old:    editPod(func(p *corev1.Pod) { p.Spec.HostNetwork = true })(oldPod("nginx:1.25", nil, map[string]string{"note": "a"})),
		update: editPod(func(p *corev1.Pod) { p.Annotations["note"] = "b" }), allowed: true},
	// Custom rules may read anything (oldObject too): the policies of the kind groups they are compiled for
	// check every UPDATE. (This one is not compiled for pods.)
	{name: "pods, where the custom rule is not compiled, skip unchanged updates", policy: "replicas",
		old: editPod(func(*corev1.Pod) {})(oldPod("nginx:1.25", nil, nil)), update: editPod(func(p *corev1.Pod) { p.Finalizers = nil }),
		allowed: true},
	{name: "custom rules: scaling an old replicaset is checked", policy: "replicas",
		old: func() runtime.Object {
			rs := oldReplicaSet("nginx:1.25")
			n := int32(60)
			rs.Spec.Replicas = &n
			return rs
		}(),
		update: scaleTo(55), allowed: false},
	{name: "a built-in rule beside a custom one skips a scale-down", policy: "latestcel",
		old: oldReplicaSet("nginx:latest"), update: scaleTo(0), allowed: true},
	{name: "the custom rule beside a built-in one judges the scale-up", policy: "latestcel",
		old: oldReplicaSet("nginx:latest"), update: scaleTo(60), allowed: false},
}

// terminating marks o as being deleted, as the API server does on DELETE of an object with finalizers.
func terminating(o runtime.Object) runtime.Object {
	p := o.DeepCopyObject().(*corev1.Pod)
	now := metav1.Now()
	p.DeletionTimestamp = &now
	p.DeletionGracePeriodSeconds = new(int64)
	return p
}

func TestUpdatesOfObjectsStoredBeforeThePolicy(t *testing.T) {
	ctx := context.Background()
	for _, c := range updateCases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := eval.ForPolicy(loadPolicy(t, c.policy), eval.Options{})
			require.NoError(t, err)
			old := c.old
			if c.terminal {
				old = terminating(old)
			}
			obj := c.update(old)
			r, err := ev.EvaluateUpdate(ctx, obj, old)
			require.NoError(t, err)
			assert.Equal(t, c.allowed, r.Allowed, "violations: %+v", r.Violations)
		})
	}
}
