package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout/kube"
)

// Configuration errors the user can fix reach them as Warning events on the Deployment, not only
// as controller log lines; reconciles driven here by hand, with a fake recorder.

// reconcileOnce creates the namespace and the objects, then runs one reconcile of the recommender
// and returns the events it recorded and its error.
func reconcileOnce(t *testing.T, ns string, objs ...client.Object) ([]string, error) {
	ctx := context.Background()
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	for _, o := range objs {
		require.NoError(t, env.Create(ctx, o))
	}
	rec := events.NewFakeRecorder(16)
	r := &Reconciler{Client: env.Client, Reader: env.Client, Metrics: nopMetrics{}, Provider: observe.Istio, Recorder: rec}
	_, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: client.ObjectKey{Namespace: ns, Name: "recommender"}})
	close(rec.Events)
	var got []string
	for e := range rec.Events {
		got = append(got, e)
	}
	return got, err
}

// nopMetrics is a metric source that is never asked: these reconciles stop before any tick.
type nopMetrics struct{}

func (nopMetrics) Query(context.Context, observe.Query) observe.Sample { return observe.Sample{} }

func hasWarning(evs []string, reason, text string) bool {
	for _, e := range evs {
		if strings.HasPrefix(e, "Warning "+reason+" ") && strings.Contains(e, text) {
			return true
		}
	}
	return false
}

// A custom metric without a query passes decoding but not runner.New: before, the reconcile
// returned a TerminalError and the user saw nothing. It is an InvalidAnalysis event, and nothing
// is set up for an analysis that cannot run.
func TestMetricWithoutQueryIsAnInvalidAnalysisEvent(t *testing.T) {
	const ns = "setup-noquery"
	d := recommender(ns)
	d.Annotations[kube.AnnotationAnalysis] = `{"interval":"1s","threshold":2,"maxWeight":50,"stepWeight":10,
 "metrics":[{"name":"error-rate","thresholdRange":{"max":1}}]}`
	evs, err := reconcileOnce(t, ns, d)
	require.Error(t, err)
	assert.ErrorIs(t, err, reconcile.TerminalError(nil), "retrying does not fix a spec")
	assert.True(t, hasWarning(evs, "InvalidAnalysis", "metrics[0]"), "events: %q", evs)
	assert.True(t, hasWarning(evs, "InvalidAnalysis", "error-rate"), "events: %q", evs)
	getErr := env.Client.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: kube.PrimaryName("recommender")}, recommender(ns))
	assert.True(t, apierrors.IsNotFound(getErr), "no primary is created for an analysis that cannot run: %v", getErr)
}

// A primary another controller owns stops the setup at every attempt: before, the reconcile
// returned the error to controller-runtime and the user saw nothing.
func TestPrimaryOwnedByAnotherControllerIsASetupFailedEvent(t *testing.T) {
	const ns = "setup-owned"
	primary := primaryOf(recommender(ns))
	primary.OwnerReferences = []metav1.OwnerReference{{APIVersion: "flagger.app/v1beta1", Kind: "Canary",
		Name: "recommender", UID: "0b5f3a52-1111-4c1e-9a3e-000000000001", Controller: ptr.To(true)}}
	evs, err := reconcileOnce(t, ns, primary, recommender(ns))
	require.ErrorIs(t, err, kube.ErrPrimaryNotOwned)
	assert.True(t, hasWarning(evs, "SetupFailed", "controlled by Canary recommender"), "events: %q", evs)
}

// An unrelated Deployment that happens to be named recommender-primary is refused, never adopted:
// before, the target took control of it (deleting the target would garbage-collect it) and
// promotions patched its template.
func TestUnrelatedPrimaryIsNotAdopted(t *testing.T) {
	const ns = "setup-unrelated"
	other := recommender(ns)
	other.Name, other.Annotations = kube.PrimaryName("recommender"), nil
	evs, err := reconcileOnce(t, ns, other, recommender(ns))
	require.ErrorIs(t, err, kube.ErrPrimaryNotOwned)
	assert.True(t, hasWarning(evs, "SetupFailed", "refusing to adopt"), "events: %q", evs)
	got := &appsv1.Deployment{}
	require.NoError(t, env.Client.Get(context.Background(), client.ObjectKeyFromObject(other), got))
	assert.Empty(t, got.OwnerReferences, "left to whoever made it")
}
