package eval_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestMessageBudgetAgreesWithTheAPIServer creates the same ConfigMap under both expensive policies on the
// real API server: verdicts and denials must be the offline ones.
func TestMessageBudgetAgreesWithTheAPIServer(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	for _, n := range []int{15, 17} {
		name := fmt.Sprintf("expensive-%d", n)
		p, b := expensivePolicy(name, n)
		ev, err := eval.New([]admissionregistrationv1.ValidatingAdmissionPolicy{p},
			[]admissionregistrationv1.ValidatingAdmissionPolicyBinding{b}, eval.Options{})
		require.NoError(t, err)
		require.NoError(t, env.Create(ctx, p.DeepCopy()))
		require.NoError(t, env.Create(ctx, b.DeepCopy()))
		t.Cleanup(func() {
			assert.NoError(t, env.Client.Delete(ctx, b.DeepCopy()))
			assert.NoError(t, env.Client.Delete(ctx, p.DeepCopy()))
		})
		sentinel := configMap(t, "sentinel-"+name)
		require.Eventually(t, func() bool {
			v, err := s.create(ctx, sentinel)
			return err == nil && strings.Contains(v.denial, name)
		}, 90*time.Second, 250*time.Millisecond)
		obj := configMap(t, "settings")
		offline, err := ev.Evaluate(ctx, obj)
		require.NoError(t, err)
		server, err := s.create(ctx, obj)
		require.NoError(t, err)
		assert.Equal(t, server.allowed, offline.Allowed, n)
		assert.Equal(t, server.denial, offline.Denial, n)
		assert.Equal(t, n == 15, server.allowed, "%d expensive messages: %s", n, server.denial)
	}
}
