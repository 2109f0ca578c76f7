package rollout

import (
	"fmt"
	"time"

	"github.com/fleetkit/fleetkit/observe"
)

// FleetPhase is where a fleet rollout is.
type FleetPhase string

// Fleet phases. FleetIdle is the zero value: nothing rolled out yet.
const (
	FleetIdle        FleetPhase = ""
	FleetProgressing FleetPhase = "Progressing"
	FleetSucceeded   FleetPhase = "Succeeded"
	FleetFailed      FleetPhase = "Failed"
)

// FleetStatus is the state StepFleet carries between ticks.
type FleetStatus struct {
	Phase FleetPhase `json:"phase"`
	// Target is the revision being rolled out; Stable the one every member
	// ran before it.
	Target string `json:"target,omitempty"`
	Stable string `json:"stable,omitempty"`
	// Wave is the index of the current wave in the plan.
	Wave int `json:"wave"`
	// Analysis is the current wave's analysis status.
	Analysis Status `json:"analysis"`
}

// ClusterObservation is what one member's runner saw this tick.
type ClusterObservation struct {
	Revision string
	Primary  Readiness
	Canary   Readiness
	Metrics  map[string]observe.Sample
}

// FleetObservation is one fleet tick: the desired revision, per-cluster
// observations of the current wave, and wave-level webhook results.
type FleetObservation struct {
	Time     time.Time
	Revision string
	Clusters map[string]ClusterObservation
	Hooks    map[string]HookResult
	Intents  Intents
}

// FleetActionKind says what a FleetAction asks for.
type FleetActionKind uint8

// Fleet action kinds.
const (
	// Deploy puts Revision on the cluster's canary workload.
	Deploy FleetActionKind = iota + 1
	// Revert puts the stable Revision back on a cluster of a completed wave.
	Revert
	// ClusterAction is an analysis Action for Cluster ("" for alerts,
	// which are sent once per wave).
	ClusterAction
)

// FleetAction is one effect of a fleet tick.
type FleetAction struct {
	Kind     FleetActionKind
	Cluster  string
	Revision string
	Action   Action
}

// FleetResult is the outcome of one fleet tick.
type FleetResult struct {
	Status  FleetStatus
	Plan    []WavePlan
	Actions []FleetAction
	Events  []Event
}

// StepFleet advances a fleet rollout by one tick. A new revision is
// deployed to the first wave; the wave's analysis (Step over an observation
// aggregated across the wave's clusters: worst readiness, worst metric
// sample) decides it; a Succeeded wave deploys the next, a Failed one fails
// the rollout. A wave's clusters are analysed only once all of them run the
// target revision.
func StepFleet(spec FleetSpec, members []string, st FleetStatus, obs FleetObservation) (FleetResult, error) {
	plan, err := PlanWaves(spec, members)
	if err != nil {
		return FleetResult{Status: st}, err
	}
	if obs.Revision == "" {
		return FleetResult{Status: st}, observationError("revision", "is required")
	}
	if st.Wave < 0 {
		return FleetResult{Status: st}, statusError("wave", fmt.Sprintf("%d is negative", st.Wave))
	}
	if st.Wave >= len(plan) {
		// The member list shrank between ticks: the waves before the last were passed already.
		st.Wave = len(plan) - 1
	}
	f := fleetTick{spec: &spec, plan: plan, st: st, obs: &obs}
	switch {
	case st.Phase == FleetIdle:
		f.st = FleetStatus{Phase: FleetSucceeded, Target: obs.Revision, Stable: obs.Revision}
	case obs.Revision == st.Target || (st.Phase != FleetProgressing && obs.Revision == st.Stable):
		if st.Phase == FleetProgressing {
			err = f.analyse()
		}
	default:
		f.start()
	}
	f.res.Status, f.res.Plan = f.st, plan
	return f.res, err
}

type fleetTick struct {
	spec *FleetSpec
	plan []WavePlan
	st   FleetStatus
	obs  *FleetObservation
	res  FleetResult
}

// start begins (or restarts) a rollout of the observed revision at wave 0.
func (f *fleetTick) start() {
	f.st.Phase, f.st.Target = FleetProgressing, f.obs.Revision
	f.enterWave(0)
	f.res.Events = append(f.res.Events, Event{Type: Normal, Reason: ReasonNewRevision, Subject: f.obs.Revision})
}

func (f *fleetTick) enterWave(i int) {
	f.st.Wave = i
	f.st.Analysis = Status{Phase: Initialized, LastAppliedRevision: f.st.Stable,
		LastPromotedRevision: f.st.Stable, Routes: PrimaryOnly()}
	for _, c := range f.plan[i].Clusters {
		f.res.Actions = append(f.res.Actions, FleetAction{Kind: Deploy, Cluster: c, Revision: f.st.Target})
	}
}

// analyse steps the current wave's analysis.
func (f *fleetTick) analyse() error {
	wave := f.plan[min(f.st.Wave, len(f.plan)-1)]
	obs, arrived := f.aggregate(wave.Clusters)
	if !arrived {
		f.res.Events = append(f.res.Events, Event{Type: Normal, Reason: ReasonCanaryNotReady, Subject: wave.Name})
		return nil
	}
	res, err := Step(f.spec.Analysis, f.st.Analysis, obs)
	if err != nil {
		return err
	}
	f.st.Analysis = res.Status
	f.fanOut(wave.Clusters, res.Actions)
	f.res.Events = append(f.res.Events, res.Events...)
	switch res.Status.Phase {
	case Succeeded:
		f.waveSucceeded()
	case Failed:
		f.waveFailed()
	}
	return nil
}

func (f *fleetTick) fanOut(clusters []string, actions []Action) {
	for _, a := range actions {
		if a.Kind == Alert {
			f.res.Actions = append(f.res.Actions, FleetAction{Kind: ClusterAction, Action: a})
			continue
		}
		for _, c := range clusters {
			f.res.Actions = append(f.res.Actions, FleetAction{Kind: ClusterAction, Cluster: c, Action: a})
		}
	}
}

func (f *fleetTick) waveSucceeded() {
	if f.st.Wave+1 < len(f.plan) {
		f.enterWave(f.st.Wave + 1)
		return
	}
	f.st.Phase, f.st.Stable = FleetSucceeded, f.st.Target
}

func (f *fleetTick) waveFailed() {
	f.st.Phase = FleetFailed
	if !f.spec.RevertOnFailure {
		return
	}
	for _, w := range f.plan[:f.st.Wave] {
		for _, c := range w.Clusters {
			f.res.Actions = append(f.res.Actions, FleetAction{Kind: Revert, Cluster: c, Revision: f.st.Stable})
		}
	}
}

// aggregate folds the wave's cluster observations into one: the target
// revision once every cluster runs it, the worst readiness, and per metric
// the worst sample. It reports false while a cluster lacks the revision.
func (f *fleetTick) aggregate(clusters []string) (Observation, bool) {
	obs := Observation{Time: f.obs.Time, Revision: f.st.Target, Primary: Ready, Canary: Ready,
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
func worse(a, b Readiness) Readiness {
	rank := func(r Readiness) int {
		switch r {
		case Ready:
			return 0
		case Fatal:
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
func (f *fleetTick) worstSample(m *Metric, clusters []string) observe.Sample {
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
