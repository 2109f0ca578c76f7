package wave

import (
	"fmt"
	"time"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
)

// Phase is where a fleet rollout is.
type Phase string

// Fleet phases. Idle is the zero value: nothing rolled out yet.
const (
	Idle        Phase = ""
	Progressing Phase = "Progressing"
	Succeeded   Phase = "Succeeded"
	Failed      Phase = "Failed"
)

// Status is the state Step carries between ticks.
type Status struct {
	Phase Phase `json:"phase"`
	// Target is the revision being rolled out; Stable the one every member
	// ran before it.
	Target string `json:"target,omitempty"`
	Stable string `json:"stable,omitempty"`
	// Wave is the index of the current wave in the plan.
	Wave int `json:"wave"`
	// Analysis is the current wave's analysis status.
	Analysis rollout.Status `json:"analysis"`
}

// ClusterObservation is what one member's runner saw this tick.
type ClusterObservation struct {
	Revision string
	Primary  rollout.Readiness
	Canary   rollout.Readiness
	Metrics  map[string]observe.Sample
}

// Observation is one fleet tick: the desired revision, per-cluster
// observations of the current wave, and wave-level webhook results.
type Observation struct {
	Time     time.Time
	Revision string
	Clusters map[string]ClusterObservation
	Hooks    map[string]rollout.HookResult
	Intents  rollout.Intents
}

// ActionKind says what an Action asks for.
type ActionKind uint8

// Action kinds.
const (
	// Deploy puts Revision on the cluster's canary workload.
	Deploy ActionKind = iota + 1
	// Revert puts the stable Revision back on a cluster of a completed wave.
	Revert
	// ClusterAction is an analysis Action for Cluster ("" for alerts,
	// which are sent once per wave).
	ClusterAction
)

// Action is one effect of a fleet tick.
type Action struct {
	Kind     ActionKind
	Cluster  string
	Revision string
	Action   rollout.Action
}

// Result is the outcome of one fleet tick.
type Result struct {
	Status  Status
	Plan    []Planned
	Actions []Action
	Events  []rollout.Event
}

// Step advances a fleet rollout by one tick. A new revision is
// deployed to the first wave; the wave's analysis (Step over an observation
// aggregated across the wave's clusters: worst readiness, worst metric
// sample) decides it; a Succeeded wave deploys the next, a Failed one fails
// the rollout. A wave's clusters are analysed only once all of them run the
// target revision.
func Step(spec Spec, members []string, st Status, obs Observation) (Result, error) {
	plan, err := Plan(spec, members)
	if err != nil {
		return Result{Status: st}, err
	}
	if obs.Revision == "" {
		return Result{Status: st}, &rollout.ValidationError{Kind: rollout.ErrInvalidObservation, Field: "revision", Reason: "is required"}
	}
	if err := checkClusterNames(&spec.Analysis, &obs); err != nil {
		return Result{Status: st}, err
	}
	if st.Wave < 0 {
		return Result{Status: st}, &rollout.ValidationError{Kind: rollout.ErrInvalidStatus, Field: "wave",
			Reason: fmt.Sprintf("%d is negative", st.Wave)}
	}
	if st.Wave >= len(plan) {
		// The member list shrank between ticks: the waves before the last were passed already.
		st.Wave = len(plan) - 1
	}
	f := fleetTick{spec: &spec, plan: plan, st: st, obs: &obs}
	switch {
	case st.Phase == Idle:
		f.st = Status{Phase: Succeeded, Target: obs.Revision, Stable: obs.Revision}
	case obs.Revision == st.Target || (st.Phase != Progressing && obs.Revision == st.Stable):
		if st.Phase == Progressing {
			err = f.analyse()
		}
	default:
		f.start()
	}
	f.res.Status, f.res.Plan = f.st, plan
	return f.res, err
}

type fleetTick struct {
	spec *Spec
	plan []Planned
	st   Status
	obs  *Observation
	res  Result
}

// start begins (or restarts) a rollout of the observed revision at wave 0.
func (f *fleetTick) start() {
	f.st.Phase, f.st.Target = Progressing, f.obs.Revision
	f.enterWave(0)
	f.res.Events = append(f.res.Events, rollout.Event{Type: rollout.Normal, Reason: rollout.ReasonNewRevision, Subject: f.obs.Revision})
}

func (f *fleetTick) enterWave(i int) {
	f.st.Wave = i
	f.st.Analysis = rollout.InitialStatus(f.st.Stable)
	for _, c := range f.plan[i].Clusters {
		f.res.Actions = append(f.res.Actions, Action{Kind: Deploy, Cluster: c, Revision: f.st.Target})
	}
}

// analyse steps the current wave's analysis.
func (f *fleetTick) analyse() error {
	wave := f.plan[min(f.st.Wave, len(f.plan)-1)]
	obs, arrived := f.aggregate(wave.Clusters)
	if !arrived {
		f.res.Events = append(f.res.Events, rollout.Event{Type: rollout.Normal, Reason: rollout.ReasonCanaryNotReady, Subject: wave.Name})
		return nil
	}
	res, err := rollout.Step(f.spec.Analysis, f.st.Analysis, obs)
	if err != nil {
		return err
	}
	f.st.Analysis = res.Status
	f.fanOut(wave.Clusters, res.Actions)
	f.res.Events = append(f.res.Events, res.Events...)
	switch res.Status.Phase {
	case rollout.Succeeded:
		f.waveSucceeded()
	case rollout.Failed:
		f.waveFailed()
	}
	return nil
}

func (f *fleetTick) fanOut(clusters []string, actions []rollout.Action) {
	for _, a := range actions {
		if a.Kind == rollout.Alert {
			f.res.Actions = append(f.res.Actions, Action{Kind: ClusterAction, Action: a})
			continue
		}
		for _, c := range clusters {
			f.res.Actions = append(f.res.Actions, Action{Kind: ClusterAction, Cluster: c, Action: a})
		}
	}
}

func (f *fleetTick) waveSucceeded() {
	if f.st.Wave+1 < len(f.plan) {
		f.enterWave(f.st.Wave + 1)
		return
	}
	f.st.Phase, f.st.Stable = Succeeded, f.st.Target
}

func (f *fleetTick) waveFailed() {
	f.st.Phase = Failed
	if !f.spec.RevertOnFailure {
		return
	}
	for _, w := range f.plan[:f.st.Wave] {
		for _, c := range w.Clusters {
			f.res.Actions = append(f.res.Actions, Action{Kind: Revert, Cluster: c, Revision: f.st.Stable})
		}
	}
}

// aggregate folds the wave's cluster observations into one: the target
// revision once every cluster runs it, the worst readiness, and per metric
// the worst sample. It reports false while a cluster lacks the revision.
func (f *fleetTick) aggregate(clusters []string) (rollout.Observation, bool) {
	obs := rollout.Observation{Time: f.obs.Time, Revision: f.st.Target, Primary: rollout.Ready, Canary: rollout.Ready,
		Hooks: f.obs.Hooks, Intents: f.obs.Intents, Metrics: make(map[string]observe.Sample)}
	for _, c := range clusters {
		co, ok := f.obs.Clusters[c]
		if !ok || co.Revision != f.st.Target {
			return obs, false
		}
		obs.Primary, obs.Canary = worse(obs.Primary, co.Primary), worse(obs.Canary, co.Canary)
	}
	for i := range f.spec.Analysis.Metrics {
		m := &f.spec.Analysis.Metrics[i]
		obs.Metrics[m.Name] = f.worstSample(m, clusters)
	}
	return obs, true
}

// worse orders readiness Ready < NotReady < Fatal.
func worse(a, b rollout.Readiness) rollout.Readiness {
	rank := func(r rollout.Readiness) int {
		switch r {
		case rollout.Ready:
			return 0
		case rollout.Fatal:
			return 2
		}
		return 1
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// worstSample is an error if any cluster's query failed, else no data if
// any had none, else the first sample outside the threshold, else the one
// closest to its bound.
func (f *fleetTick) worstSample(m *rollout.Metric, clusters []string) observe.Sample {
	r := m.ThresholdRange
	if m.SuccessCondition != nil {
		r = *m.SuccessCondition
	}
	var worst *observe.Sample
	for _, c := range clusters {
		s := f.obs.Clusters[c].Metrics[m.Name]
		if _, ok := f.obs.Clusters[c].Metrics[m.Name]; !ok || s.Kind != observe.HasValue {
			if !ok {
				s = observe.Empty()
			}
			if worst == nil || worst.Kind == observe.HasValue || s.Kind == observe.QueryError {
				worst = &s
			}
			continue
		}
		if worst == nil || (worst.Kind == observe.HasValue && lower(r, s.Value, worst.Value)) {
			worst = &s
		}
	}
	if worst == nil {
		return observe.Empty()
	}
	return *worst
}

// lower reports whether v is worse than w for range r: outside beats
// inside, then closer to (or further past) the bound.
func lower(r observe.Range, v, w float64) bool {
	if r.Contains(v) != r.Contains(w) {
		return !r.Contains(v)
	}
	if r.Min != nil {
		return v < w
	}
	if r.Max != nil {
		return v > w
	}
	return false
}
