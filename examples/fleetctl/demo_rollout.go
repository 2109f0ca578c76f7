package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/wave"
)

// recommenderSpec is the canary analysis of the seed's recommender service on
// serving-sh: 10% steps to 50%, two failed checks roll back.
func recommenderSpec() rollout.Spec {
	return rollout.Spec{
		Interval: metav1.Duration{Duration: time.Minute}, Threshold: 2, MaxWeight: 50, StepWeight: 10,
		Metrics: []rollout.Metric{
			{Name: observe.RequestSuccessRate, ThresholdRange: observe.AtLeast(99)},
			{Name: observe.RequestDuration, ThresholdRange: observe.AtMost(500)},
		},
		Webhooks: []rollout.Webhook{{Name: "load-test", Type: rollout.PreRollout, URL: "http://loadtester.recsys/"}},
	}
}

// demoTick is one minute of the recommender's metric trace.
type demoTick struct {
	revision     string
	successRate  float64
	p99          float64
	primaryReady bool
}

func demoRollout(w io.Writer, env demoEnv) error {
	spec := recommenderSpec()
	q, err := spec.Metrics[0].Render(observe.Istio, observe.Variables{Namespace: "recsys", Target: "recommender"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Canary of recommender v2 on serving-sh (Istio), Flagger semantics: step 10%%, max 50%%, threshold 2.\n")
	fmt.Fprintf(w, "request-success-rate is measured with:\n  %s\n\n", strings.ReplaceAll(compact(q.Expr), "\n", "\n  "))
	good := []demoTick{{"v2", 100, 120, true}, {"", 99.9, 130, true}, {"", 99.8, 140, true}, {"", 99.9, 610, true},
		{"", 99.7, 180, true}, {"", 99.9, 170, true}, {"", 99.9, 160, true}, {"", 99.9, 150, false}, {"", 99.9, 150, true}, {"", 99.9, 150, true}, {"", 99.9, 150, true}}
	fmt.Fprintln(w, "A good trace (one latency spike, one failed check) promotes:")
	if err := demoRun(w, spec, good); err != nil {
		return err
	}
	bad := []demoTick{{"v3", 100, 120, true}, {"", 99.9, 130, true}, {"", 97.5, 140, true}, {"", 96.0, 150, true}, {"", 99.9, 150, true}}
	fmt.Fprintln(w, "\nA bad trace (5xx errors) rolls back on the tick after the second failed check:")
	if err := demoRun(w, spec, bad); err != nil {
		return err
	}
	if err := demoWaves(w, env); err != nil {
		return err
	}
	if env.Live.enabled() {
		return demoLive(env.Context, w, env.Live)
	}
	return nil
}

func demoRun(w io.Writer, spec rollout.Spec, trace []demoTick) error {
	st := rollout.InitialStatus("v1")
	rev := st.LastAppliedRevision
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MIN\tPHASE\tCANARY WEIGHT\tSUCCESS\tP99\tFAILED\tWHAT HAPPENED")
	for i, tk := range trace {
		if tk.revision != "" {
			rev = tk.revision
		}
		primary := rollout.Ready
		if !tk.primaryReady {
			primary = rollout.NotReady
		}
		obs := rollout.Observation{Revision: rev, Primary: primary, Canary: rollout.Ready,
			Hooks: map[string]rollout.HookResult{"load-test": rollout.HookPass},
			Metrics: map[string]observe.Sample{observe.RequestSuccessRate: observe.Value(tk.successRate),
				observe.RequestDuration: observe.Value(tk.p99)}}
		res, err := rollout.Step(spec, st, obs)
		if err != nil {
			return err
		}
		st = res.Status
		fmt.Fprintf(tw, "%d\t%s\t%s %3d%%\t%.1f%%\t%.0fms\t%d/%d\t%s\n", i+1, st.Phase, weightBar(st.Routes.Canary, st.Routes.Mirrored()),
			st.Routes.Canary, tk.successRate, tk.p99, st.FailedChecks, spec.EffectiveThreshold(), eventList(res.Events))
	}
	return tw.Flush()
}

// demoWaves plans the same rollout across the fleet's edge stores.
func demoWaves(w io.Writer, env demoEnv) error {
	var stores []string
	for _, m := range env.Fleet.Members {
		if m.Role == fleet.RoleEdge {
			stores = append(stores, m.Name)
		}
	}
	if len(stores) == 0 {
		return nil
	}
	spec := wave.Spec{Analysis: recommenderSpec(),
		Waves: []wave.Wave{{Name: "canary store", Count: 1}, {Name: "30% of stores", Percent: 30}, {Name: "all stores", Percent: 100}}}
	plan, err := wave.Plan(spec, stores)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe same analysis gates a fleet rollout to the %d edge stores, wave by wave:\n", len(stores))
	for i, p := range plan {
		fmt.Fprintf(w, "  wave %d  %-14s %s\n", i+1, p.Name, strings.Join(p.Clusters, ", "))
	}
	return nil
}

// compact squeezes the indentation of a rendered query for display.
func compact(q string) string {
	lines := strings.Split(q, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, " ")
}
