package testenv_test

import (
	"context"
	"os"
	"regexp"
	"testing"
	"time"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/internal/testenv"
)

// The binaries the tests run are the ones the tool module pins.
func TestKarmadaVersionIsTheToolModules(t *testing.T) {
	gomod, err := os.ReadFile("../../hack/tools/karmada/go.mod")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\s*github\.com/karmada-io/karmada v(\S+)`).FindSubmatch(gomod)
	require.NotNil(t, m, "hack/tools/karmada/go.mod requires no github.com/karmada-io/karmada")
	assert.Equal(t, testenv.KarmadaVersion, string(m[1]))
}

// The webhook, the controller-manager and the scheduler start against the environment, and
// the webhook's defaults reach a policy: a Divided placement without a preference is Weighted,
// and the policy gets its permanent ID.
func TestKarmadaComponentsRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	k, err := env.StartKarmada(testenv.KarmadaOptions{Webhook: true, ControllerManager: true, Scheduler: true})
	require.NoError(t, err)
	stopped := false
	defer func() {
		if !stopped {
			assert.NoError(t, k.Stop())
		}
	}()
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "karmada-smoke"}}))
	pp := &policyv1alpha1.PropagationPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "karmada-smoke", Name: "web"},
		Spec: policyv1alpha1.PropagationSpec{
			ResourceSelectors: []policyv1alpha1.ResourceSelector{{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}},
			Placement: policyv1alpha1.Placement{ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{
				ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided}}}}
	require.NoError(t, env.Create(ctx, pp))
	var got policyv1alpha1.PropagationPolicy
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(pp), &got))
	assert.Equal(t, policyv1alpha1.ReplicaDivisionPreferenceWeighted, got.Spec.Placement.ReplicaScheduling.ReplicaDivisionPreference)
	assert.NotEmpty(t, got.Labels[policyv1alpha1.PropagationPolicyPermanentIDLabel])
	assert.Equal(t, "karmada-smoke", got.Spec.ResourceSelectors[0].Namespace, "the webhook fills the selector's namespace")
	require.NoError(t, k.Check())

	require.NoError(t, k.Stop())
	stopped = true
	// With the webhook unregistered, the API server admits policies again without calling it.
	pp2 := pp.DeepCopy()
	pp2.Name, pp2.ResourceVersion = "web-2", ""
	require.NoError(t, env.Create(ctx, pp2))
}
