package eval_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// loadedRule marks the compiled policies as loaded: every sentinel lacks the label, so each kind group's
// policy denies its sentinel once the API server has loaded it. It is a built-in rule, so, unlike the custom
// sentinel rule, it leaves the UPDATE conditions of the policies as they are; the objects updated here were
// stored before the policies and never carried the label.
const loadedRule = `- requireLabels: {keys: [fleetkit.dev/loaded]}`

// TestAPIServerAgreesOnUpdatesOfObjectsStoredBeforeThePolicy stores each update case's old object on a real
// kube-apiserver before the policy exists (terminating cases are deleted, their finalizer keeping them),
// installs the compiled VAPs, and updates the stored object with dryRun: the API server must accept the
// policies' match conditions and decide as offline evaluation does, and both as the case expects.
func TestAPIServerAgreesOnUpdatesOfObjectsStoredBeforeThePolicy(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	byPolicy := map[string][]int{}
	for i, c := range updateCases {
		byPolicy[c.policy] = append(byPolicy[c.policy], i)
	}
	keys := make([]string, 0, len(byPolicy))
	for k := range byPolicy {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		t.Run(key, func(t *testing.T) {
			ns := "update-" + key
			require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
			stored := map[int]client.Object{}
			for _, i := range byPolicy[key] {
				c := updateCases[i]
				obj := c.old.DeepCopyObject().(client.Object)
				obj.SetNamespace(ns)
				obj.SetName(fmt.Sprintf("case-%d", i))
				require.NoError(t, env.Create(ctx, obj), c.name)
				if c.terminal {
					require.NoError(t, env.Client.Delete(ctx, obj), c.name)
				}
				stored[i] = obj
			}
			t.Cleanup(func() {
				for _, obj := range stored {
					obj.SetFinalizers(nil)
					_ = env.Client.Patch(ctx, obj, client.RawPatch("application/merge-patch+json", []byte(`{"metadata":{"finalizers":null}}`)))
				}
			})

			set, err := policy.CompileVAP(loadPolicy(t, key, loadedRule))
			require.NoError(t, err)
			require.Len(t, set.Policies, 3)
			ev, err := eval.New(set.Policies, set.Bindings, eval.Options{})
			require.NoError(t, err)
			install(t, ctx, s, set, sentinels(t, key))

			for _, i := range byPolicy[key] {
				c := updateCases[i]
				old := c.old.DeepCopyObject().(client.Object)
				require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(stored[i]), old), c.name)
				require.Equal(t, c.terminal, old.GetDeletionTimestamp() != nil, c.name)
				obj := c.update(old).(client.Object)
				offline, err := ev.EvaluateUpdate(ctx, obj, old)
				require.NoError(t, err, c.name)
				serverErr := env.Client.Update(ctx, obj.DeepCopyObject().(client.Object), client.DryRunAll)
				assert.Equal(t, c.allowed, offline.Allowed, "%s: offline: %+v", c.name, offline.Violations)
				assert.Equal(t, c.allowed, serverErr == nil, "%s: API server: %v", c.name, serverErr)
				if serverErr != nil {
					assert.Contains(t, serverErr.Error(), "ValidatingAdmissionPolicy", c.name)
				}
			}
		})
	}
}
