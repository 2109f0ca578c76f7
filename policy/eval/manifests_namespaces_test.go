package eval_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/eval"
)

// namespacedStream is a Namespace labelled tier=prod and a privileged Pod in it, as a user applies them
// with kubectl apply -f: the API server creates the Namespace first, so the Pod's namespace has the label.
func namespacedStream(ns, labels string) string {
	privileged := containers(container("app", "nginx:1.25") + "  securityContext: {privileged: true}\n")
	return "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + ", labels: " + labels + "}\n---\n" +
		"apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: " + ns + "}\nspec:\n" + indent(privileged, 2)
}

// TestEvaluateManifestsSeesTheNamespacesOfTheStream: a policy scoped to namespaces labelled tier=prod
// judges a Pod whose Namespace, with that label, comes in the same stream: the API server would deny
// it, so offline evaluation must too (it used to see the namespace without its labels and admit).
func TestEvaluateManifestsSeesTheNamespacesOfTheStream(t *testing.T) {
	ctx := context.Background()
	p := loadPolicy(t, "privileged")
	p.Spec.Namespaces = &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "prod"}}
	ev, err := eval.ForPolicy(p, eval.Options{Namespaces: []corev1.Namespace{
		{ObjectMeta: metav1.ObjectMeta{Name: "shop", Labels: map[string]string{"tier": "prod"}}},
	}})
	require.NoError(t, err)

	results, err := ev.EvaluateManifests(ctx, []byte(namespacedStream("payments", "{tier: prod}")))
	require.NoError(t, err)
	require.Len(t, results, 2)
	assert.True(t, results[0].Allowed, "the Namespace itself")
	assert.False(t, results[1].Allowed, "the Pod in the stream's prod namespace")

	// The stream's labels win over the evaluator's, as applying the stream relabels the namespace.
	results, err = ev.EvaluateManifests(ctx, []byte(namespacedStream("shop", "{tier: dev}")))
	require.NoError(t, err)
	assert.True(t, results[1].Allowed, "shop relabelled tier=dev by the stream")

	// The evaluator itself is unchanged: its namespaces, and others without labels.
	for ns, allowed := range map[string]bool{"payments": true, "shop": false} {
		objs, err := eval.Decode([]byte(namespacedStream(ns, "{}")))
		require.NoError(t, err)
		r, err := ev.Evaluate(ctx, objs[1])
		require.NoError(t, err)
		assert.Equal(t, allowed, r.Allowed, ns)
	}
}

// TestForStreamIsWhatEvaluateManifestsSees: ForStream over a decoded stream, then Evaluate on each
// object (concurrently, as fleetctl does), gives EvaluateManifests's results; a Namespace that does not
// convert is an ErrDecode naming it.
func TestForStreamIsWhatEvaluateManifestsSees(t *testing.T) {
	ctx := context.Background()
	p := loadPolicy(t, "privileged")
	p.Spec.Namespaces = &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "prod"}}
	ev, err := eval.ForPolicy(p, eval.Options{})
	require.NoError(t, err)
	stream := []byte(namespacedStream("payments", "{tier: prod}"))
	want, err := ev.EvaluateManifests(ctx, stream)
	require.NoError(t, err)

	objs, err := eval.Decode(stream)
	require.NoError(t, err)
	streamEv, err := ev.ForStream(objs)
	require.NoError(t, err)
	got := make([]eval.Result, len(objs))
	var wg sync.WaitGroup
	for i := range objs {
		wg.Go(func() {
			r, err := streamEv.Evaluate(ctx, objs[i])
			assert.NoError(t, err)
			got[i] = r
		})
	}
	wg.Wait()
	assert.Equal(t, want, got)
	assert.False(t, got[1].Allowed, "the Pod in the stream's prod namespace")

	bad := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Namespace",
		"metadata": map[string]any{"name": "broken", "labels": "tier=prod"}}}
	_, err = ev.ForStream([]runtime.Object{bad})
	require.ErrorIs(t, err, eval.ErrDecode)
	assert.Contains(t, err.Error(), `Namespace "broken"`)
}

// TestStreamNamespacesKeepTheirLiveLabels: applying a Namespace that exists merges the manifest's
// labels into the live ones (kubectl apply keeps a label the manifest does not mention), so a policy
// for team=shop still judges a Pod in it; the manifest's value wins where both set a key.
func TestStreamNamespacesKeepTheirLiveLabels(t *testing.T) {
	ctx := context.Background()
	p := loadPolicy(t, "privileged")
	p.Spec.Namespaces = &metav1.LabelSelector{MatchLabels: map[string]string{"team": "shop", "tier": "prod"}}
	ev, err := eval.ForPolicy(p, eval.Options{Namespaces: []corev1.Namespace{
		{ObjectMeta: metav1.ObjectMeta{Name: "shop", Labels: map[string]string{"team": "shop", "tier": "dev"}}},
	}})
	require.NoError(t, err)
	results, err := ev.EvaluateManifests(ctx, []byte(namespacedStream("shop", "{tier: prod}")))
	require.NoError(t, err)
	assert.False(t, results[1].Allowed, "shop has team=shop (live) and tier=prod (applied)")
}
