package rollout

// Result is the outcome of one tick: the next status and the effects the
// runner must carry out, in order.
type Result struct {
	Status  Status
	Actions []Action
	Events  []Event
	// Needs lists what the tick consulted but the observation lacked (see Needs).
	Needs Needs
}

// Step advances the analysis by one tick. It is a pure function: the same
// inputs always give the same Result, and nothing outside the arguments is
// read or written. Guards run in Flagger's order and the first that fires
// ends the tick; see the package documentation and specs/rollout.md.
//
// An invalid spec, status or observation returns a *ValidationError and the
// unchanged status.
func Step(spec Spec, status Status, obs Observation) (Result, error) {
	if err := spec.validateEngine(); err != nil {
		return Result{Status: status}, err
	}
	if err := status.Validate(); err != nil {
		return Result{Status: status}, err
	}
	if err := obs.validate(&spec); err != nil {
		return Result{Status: status}, err
	}
	t := tick{spec: spec, obs: obs, st: status, phase: status.Phase, routes: status.Routes}
	if obs.Routes != nil {
		t.routes = *obs.Routes
		t.st.Routes = *obs.Routes
	}
	for _, g := range guardOrder() {
		if t.run(g) {
			break
		}
	}
	t.finish()
	return t.res, nil
}

// guardID names one rule of the tick. The rules are plain functions called
// through a switch rather than a slice of function values: calls through
// function values would move the tick to the heap.
type guardID uint8

const (
	gSuspended        guardID = iota // 1
	gInitialize                      // Initializing → Initialized
	gIdle                            // 2
	gAbort                           // operator intent
	gGateTimeout                     // option
	gPrimaryReadiness                // 3
	gStartRun                        // 4
	gRestart                         // 5
	gCanaryReadiness                 // 6
	gOperatorPromote                 // operator intent
	gSkipAnalysis                    // 7
	gRollbackHook                    // 8
	gPromoting                       // 9
	gFinalising                      // 10
	gInconclusive                    // measurement mode
	gThreshold                       // 11
	gChecks                          // 12
	gAdvance                         // 13
	guardCount
)

// guardOrder is the order guards run in; the first that fires ends the
// tick. It is the identity order, spelled out so the table reads as the spec.
func guardOrder() [guardCount]guardID {
	return [guardCount]guardID{gSuspended, gInitialize, gIdle, gAbort, gGateTimeout, gPrimaryReadiness,
		gStartRun, gRestart, gCanaryReadiness, gOperatorPromote, gSkipAnalysis, gRollbackHook, gPromoting,
		gFinalising, gInconclusive, gThreshold, gChecks, gAdvance}
}

// run applies one guard and reports whether the tick ended.
func (t *tick) run(g guardID) bool {
	switch g {
	case gSuspended:
		return guardSuspended(t)
	case gInitialize:
		return guardInitialize(t)
	case gIdle:
		return guardIdle(t)
	case gAbort:
		return guardAbort(t)
	case gGateTimeout:
		return guardGateTimeout(t)
	case gPrimaryReadiness:
		return guardPrimaryReadiness(t)
	case gStartRun:
		return guardStartRun(t)
	case gRestart:
		return guardRestart(t)
	case gCanaryReadiness:
		return guardCanaryReadiness(t)
	case gOperatorPromote:
		return guardOperatorPromote(t)
	case gSkipAnalysis:
		return guardSkipAnalysis(t)
	case gRollbackHook:
		return guardRollbackHook(t)
	}
	return t.runLate(g)
}

// runLate applies the guards of an analysing run.
func (t *tick) runLate(g guardID) bool {
	switch g {
	case gPromoting:
		return guardPromoting(t)
	case gFinalising:
		return guardFinalising(t)
	case gInconclusive:
		return guardInconclusive(t)
	case gThreshold:
		return guardThreshold(t)
	case gChecks:
		return guardChecks(t)
	case gAdvance:
		return guardAdvance(t)
	}
	return false
}

// tick is the working state of one Step call.
type tick struct {
	spec Spec
	obs  Observation
	// phase is the phase the tick started in; st.Phase changes as it runs.
	phase Phase
	// routes are the routes in force at the start of the tick.
	routes Routes
	st     Status
	res    Result
	buf    *effects
}

// effects backs the Actions and Events slices of one tick so that a typical
// tick costs a single small allocation (under 512 bytes, which the Go
// allocator serves without a type header). Rare ticks with more effects
// grow the slices.
type effects struct {
	actions [2]Action
	events  [2]Event
}

func (t *tick) grow() {
	if t.buf == nil {
		t.buf = new(effects)
		t.res.Actions = t.buf.actions[:0]
		t.res.Events = t.buf.events[:0]
	}
}

func (t *tick) act(a Action) {
	t.grow()
	t.res.Actions = append(t.res.Actions, a)
}

func (t *tick) emit(e Event) {
	t.grow()
	t.res.Events = append(t.res.Events, e)
}

// emitAlert records e and asks the runner to alert on it. The alert points
// at the recorded event instead of copying it, which keeps Action small.
func (t *tick) emitAlert(sev Severity, e Event) {
	t.emit(e)
	t.act(Action{Kind: Alert, Severity: sev, Event: &t.res.Events[len(t.res.Events)-1]})
}

// setRoutes records and requests new routes.
func (t *tick) setRoutes(r Routes) {
	t.st.Routes = r
	t.act(Action{Kind: SetRoutes, Routes: r})
}

// setPhase changes the phase with Flagger's side effects on the status:
// leaving for any phase but Progressing or Waiting zeroes the reported
// weight and iterations (WaitingPromotion sets iterations to N-1), and
// Initialized or Succeeded records the promoted revision.
func (t *tick) setPhase(p Phase) {
	if t.st.Phase != p {
		t.st.LastTransitionTime = t.obs.Time
	}
	t.st.Phase = p
	if p != Progressing && p != Waiting {
		t.st.CanaryWeight = 0
		t.st.Iterations = 0
		if p == WaitingPromotion {
			t.st.Iterations = t.spec.Iterations - 1
		}
	}
	if p == Initialized || p == Succeeded {
		t.st.LastPromotedRevision = t.st.LastAppliedRevision
	}
}

// runHooks asks the runner to call the hooks of type h, if there are any.
func (t *tick) runHooks(h HookType, phase Phase) {
	if t.spec.hasHooks(h) {
		t.act(Action{Kind: RunHooks, Hooks: h, Phase: phase})
	}
}

// isNewRevision is Flagger's change detection: a revision is new when it
// differs from both the last applied and the last promoted one, so
// reverting to the promoted spec is not a new rollout.
func (t *tick) isNewRevision() bool {
	rev := t.obs.Revision
	if t.st.LastAppliedRevision == "" {
		return true
	}
	if rev == t.st.LastPromotedRevision {
		return false
	}
	return rev != t.st.LastAppliedRevision
}

func (t *tick) finish() {
	if t.spec.Options.TruthfulWeight {
		t.st.CanaryWeight = t.st.Routes.Canary
	}
	t.res.Status = t.st
}
