package eval_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestAPIServerAgreesOnStreamsWithTheirNamespaces applies the Namespace of a stream (a Namespace and a
// privileged Pod in it) on a real kube-apiserver that holds a policy scoped to namespaces labelled
// tier=prod, then creates the Pod with dryRun: EvaluateManifests on the stream must agree, for a
// Namespace labelled tier=prod (denied) and tier=dev (admitted).
func TestAPIServerAgreesOnStreamsWithTheirNamespaces(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	p := loadPolicy(t, "privileged")
	p.Metadata.Name = "stream-namespaces"
	p.Spec.Namespaces = &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "prod"}}
	objs, err := policy.Compile(p, policy.TargetVAP)
	require.NoError(t, err)
	t.Cleanup(func() {
		for _, o := range objs.Items {
			assert.NoError(t, client.IgnoreNotFound(env.Client.Delete(ctx, o.DeepCopyObject().(client.Object))))
		}
	})
	applyObjects(t, ctx, objs)
	ev, err := eval.ForPolicy(p, eval.Options{})
	require.NoError(t, err)

	for ns, tier := range map[string]string{"stream-prod": "prod", "stream-dev": "dev"} {
		stream := []byte(namespacedStream(ns, "{tier: "+tier+"}"))
		decoded, err := eval.Decode(stream)
		require.NoError(t, err)
		namespace := decoded[0].(*corev1.Namespace)
		require.NoError(t, env.Create(ctx, namespace.DeepCopy()))
		t.Cleanup(func() { assert.NoError(t, env.Client.Delete(ctx, namespace.DeepCopy())) })
		offline, err := ev.EvaluateManifests(ctx, stream)
		require.NoError(t, err)
		if tier == "prod" {
			s.waitVerdict(t, ctx, decoded[1], false, "ValidatingAdmissionPolicy 'stream-namespaces-pods'")
		}
		server, err := s.create(ctx, decoded[1])
		require.NoError(t, err)
		assert.Equal(t, tier != "prod", server.allowed, "%s: API server: %s", ns, server.denial)
		assert.Equal(t, server.allowed, offline[1].Allowed, ns)
		assert.Equal(t, server.denial, offline[1].Denial, ns)
	}
}
