package eval_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// stalePolicy is version one (disallowPrivileged: a policy for each kind group) or two (only a custom
// rule on replicas, which Pods and CronJobs do not have: the pods and cronjobs policies are dropped) of
// the same FleetPolicy.
func stalePolicy(t *testing.T, version int) policy.FleetPolicy {
	rule := "- disallowPrivileged: {}"
	if version == 2 {
		rule = `- cel: {expression: "object.spec.replicas <= 50", message: "at most 50 replicas"}`
	}
	p, err := policy.Load([]byte(`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: stale-update}
spec:
  action: Enforce
  clusters: {}
  rules:
    ` + rule + "\n"))
	require.NoError(t, err)
	return p
}

// applyObjects creates or updates objs as kubectl apply does: nothing is deleted.
func applyObjects(t *testing.T, ctx context.Context, objs policy.Objects) {
	for _, o := range objs.Items {
		obj := o.DeepCopyObject().(client.Object)
		live := obj.DeepCopyObject().(client.Object)
		err := env.Client.Get(ctx, client.ObjectKeyFromObject(obj), live)
		if apierrors.IsNotFound(err) {
			require.NoError(t, env.Create(ctx, obj))
			continue
		}
		require.NoError(t, err)
		obj.SetResourceVersion(live.GetResourceVersion())
		require.NoError(t, env.Client.Update(ctx, obj))
	}
}

// listCompiled lists the ValidatingAdmissionPolicies and bindings labelled as compiled from name, typed, as
// a client lists them.
func listCompiled(t *testing.T, ctx context.Context, name string) []runtime.Object {
	var policies admissionregistrationv1.ValidatingAdmissionPolicyList
	var bindings admissionregistrationv1.ValidatingAdmissionPolicyBindingList
	labels := client.MatchingLabels(policy.CompiledLabels(name))
	require.NoError(t, env.Client.List(ctx, &policies, labels))
	require.NoError(t, env.Client.List(ctx, &bindings, labels))
	var out []runtime.Object
	for i := range policies.Items {
		out = append(out, &policies.Items[i])
	}
	for i := range bindings.Items {
		out = append(out, &bindings.Items[i])
	}
	return out
}

// TestAPIServerEnforcesWhatAnUpdateDroppedUntilObsoleteIsDeleted: a policy update that drops a kind group
// (disallowPrivileged replaced by a rule on replicas), applied, leaves the old pods policy enforcing on the
// real kube-apiserver while offline evaluation of the new policy admits the privileged Pod. The objects
// policy.Obsolete names, listed by CompiledLabels and deleted, make the API server agree again.
func TestAPIServerEnforcesWhatAnUpdateDroppedUntilObsoleteIsDeleted(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	const name = "stale-update"
	privileged := decodeOne(t, pod("stale", containers(container("app", "nginx:1.25")+"  securityContext: {privileged: true}\n")))
	manyReplicas := decodeOne(t, strings.Replace(deployment("stale", "{}", "{app: stale}", containers(container("app", "nginx:1.25"))),
		"spec:\n  selector", "spec:\n  replicas: 51\n  selector", 1))
	v1, v2 := stalePolicy(t, 1), stalePolicy(t, 2)
	old, err := policy.Compile(v1, policy.TargetVAP)
	require.NoError(t, err)
	current, err := policy.Compile(v2, policy.TargetVAP)
	require.NoError(t, err)
	t.Cleanup(func() {
		for _, o := range listCompiled(t, ctx, name) {
			assert.NoError(t, client.IgnoreNotFound(env.Client.Delete(ctx, o.(client.Object))))
		}
	})
	applyObjects(t, ctx, old)
	s.waitVerdict(t, ctx, privileged, false, "ValidatingAdmissionPolicy '"+name+"-pods'")

	applyObjects(t, ctx, current)
	s.waitVerdict(t, ctx, manyReplicas, false, "at most 50 replicas")
	ev, err := eval.ForPolicy(v2, eval.Options{})
	require.NoError(t, err)
	offline, err := ev.Evaluate(ctx, privileged)
	require.NoError(t, err)
	require.True(t, offline.Allowed)
	v, err := s.create(ctx, privileged)
	require.NoError(t, err)
	require.False(t, v.allowed, "the dropped pods policy still enforces the old rule")

	stale, err := policy.Obsolete(name, current, listCompiled(t, ctx, name))
	require.NoError(t, err)
	require.Len(t, stale, 4)
	for _, o := range stale {
		assert.Contains(t, []string{name + "-pods", name + "-cronjobs"}, o.(client.Object).GetName())
		require.NoError(t, env.Client.Delete(ctx, o.(client.Object)))
	}
	s.waitVerdict(t, ctx, privileged, offline.Allowed, "")
	assert.Len(t, listCompiled(t, ctx, name), 2)
}

func decodeOne(t *testing.T, manifest string) runtime.Object {
	objs, err := eval.Decode([]byte(manifest))
	require.NoError(t, err)
	require.Len(t, objs, 1)
	return objs[0]
}

// waitVerdict polls a dry-run create of obj until the API server's verdict is allowed and, for a denial,
// names mark.
func (s *apiServer) waitVerdict(t *testing.T, ctx context.Context, obj runtime.Object, allowed bool, mark string) {
	require.Eventually(t, func() bool {
		v, err := s.create(ctx, obj)
		return err == nil && v.allowed == allowed && (allowed || strings.Contains(v.denial, mark))
	}, 90*time.Second, 250*time.Millisecond, "allowed=%v %s", allowed, mark)
}
