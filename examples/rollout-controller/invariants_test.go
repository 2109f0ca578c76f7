package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// view is a snapshot in few words: the record's phase and run, the canary weight and ready
// replicas, and the primary's revision and ready replicas.
type view struct {
	phase          rollout.Phase
	run            string
	weight         int
	canaryReady    int32
	primary        string
	primaryReady   int32
	allowRegressed bool
}

func (v view) snapshot() snapshot {
	deploy := func(n int32, annotations map[string]string) *appsv1.Deployment {
		return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Annotations: annotations},
			Spec: appsv1.DeploymentSpec{Replicas: ptr.To(n)}, Status: appsv1.DeploymentStatus{ReadyReplicas: n}}
	}
	return snapshot{
		routes: traffic.Split{Primary: 100 - v.weight, Canary: v.weight}, hasRoutes: true,
		canary:  deploy(v.canaryReady, nil),
		primary: deploy(v.primaryReady, map[string]string{kube.AnnotationRevision: v.primary}),
		record: runner.Record{Status: rollout.Status{Phase: v.phase, LastAppliedRevision: v.run,
			Routes: traffic.Split{Primary: 100 - v.weight, Canary: v.weight}}},
		hasRecord: true,
	}
}

// The checker must catch each violation it exists for, and accept a clean rollout.
func TestInvariantChecker(t *testing.T) {
	start := view{phase: rollout.Initialized, run: "r1", primary: "r1", primaryReady: 2}
	progress := func(w int) view {
		return view{phase: rollout.Progressing, run: "r2", weight: w, canaryReady: 2, primary: "r1", primaryReady: 2}
	}
	promoting := view{phase: rollout.Promoting, run: "r2", weight: 50, canaryReady: 2, primary: "r2", primaryReady: 2}
	done := view{phase: rollout.Succeeded, run: "r2", primary: "r2", primaryReady: 2}
	tests := []struct {
		name  string
		views []view
		want  string // a violation contains it; "" for none
	}{
		{"clean rollout", []view{start, progress(10), progress(30), progress(50), promoting, done}, ""},
		{"promoted before maxWeight", []view{start, progress(10),
			{phase: rollout.Promoting, run: "r2", weight: 10, canaryReady: 2, primary: "r2", primaryReady: 2}},
			"did not pass analysis"},
		{"promoted a revision never run", []view{start, progress(10), progress(50),
			{phase: rollout.Promoting, run: "r2", weight: 50, canaryReady: 2, primary: "r3", primaryReady: 2}},
			"r3 which did not pass analysis"},
		{"promoted twice", []view{start, progress(50), promoting, done,
			{phase: rollout.Succeeded, run: "r2", primary: "r1", primaryReady: 2},
			{phase: rollout.Succeeded, run: "r2", primary: "r2", primaryReady: 2}}, "promoted 2 times"},
		{"weight regressed while progressing", []view{start, progress(30), progress(20)}, "regressed 30 → 20"},
		{"regression allowed once", []view{start, progress(30), {phase: rollout.Progressing, run: "r2", weight: 20,
			canaryReady: 2, primary: "r1", primaryReady: 2, allowRegressed: true}, progress(30)}, ""},
		{"rollback may lower the weight", []view{start, progress(30),
			{phase: rollout.Failed, run: "r2", primary: "r1", primaryReady: 2}}, ""},
		{"traffic to an empty canary", []view{start,
			{phase: rollout.Progressing, run: "r2", weight: 10, primary: "r1", primaryReady: 2}}, "canary with 0 ready"},
		{"traffic to an empty primary", []view{start,
			{phase: rollout.Progressing, run: "r2", weight: 10, canaryReady: 2, primary: "r1"}}, "primary with 0 ready"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newInvariantChecker(50)
			for _, v := range tt.views {
				if v.allowRegressed {
					c.allowRegression()
				}
				c.observe(string(v.phase), v.snapshot())
			}
			if tt.want == "" {
				assert.Empty(t, c.violations)
				return
			}
			assert.Contains(t, strings.Join(c.violations, "\n"), tt.want)
		})
	}
}
