package eval_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestEvaluatorIsSafeForConcurrentUse evaluates every case from many goroutines at once against shared
// evaluators (run it with -race): each result must equal the sequential one.
func TestEvaluatorIsSafeForConcurrentUse(t *testing.T) {
	ctx := context.Background()
	evaluators := map[string]*eval.Evaluator{}
	objects := make([]runtime.Object, len(cases))
	want := make([]eval.Result, len(cases))
	for i, c := range cases {
		if evaluators[c.policy] == nil {
			ev, err := eval.ForPolicy(loadPolicy(t, c.policy), eval.Options{})
			require.NoError(t, err)
			evaluators[c.policy] = ev
		}
		objs, err := eval.Decode([]byte(c.manifest))
		require.NoError(t, err)
		objects[i] = objs[0]
		want[i], err = evaluators[c.policy].Evaluate(ctx, objs[0])
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i, c := range cases {
				got, err := evaluators[c.policy].Evaluate(ctx, objects[i])
				assert.NoError(t, err)
				assert.Equal(t, want[i], got, c.name)
			}
		})
	}
	wg.Wait()
}
