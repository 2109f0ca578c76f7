package karmada_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/controller-runtime/pkg/client"

	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	fleetkarmada "github.com/fleetkit/fleetkit/fleet/karmada"
	"github.com/fleetkit/fleetkit/internal/testenv"
)

var (
	schedCases = flag.Int("karmada.cases", 240, "cases of the differential test against the real karmada-scheduler")
	schedSeed  = flag.Uint64("karmada.seed", 0, "seed of the differential test against the real karmada-scheduler (0: from the clock)")
	schedOnly  = flag.Int("karmada.case", -1, "run only this case of the differential test (with -karmada.seed)")
)

// TestSchedulerAgreement is the differential test against the real Karmada: a
// seeded generator draws fleets, PropagationPolicies and Deployments; every
// case is created on the test API server at once (its own namespace, its own
// clusters), where karmada-webhook defaults and validates the policy,
// karmada-controller-manager's resource detector builds the ResourceBinding
// and karmada-scheduler schedules it. Schedule must predict every binding's
// spec.clusters and Scheduled condition reason, and refuse exactly the
// policies the webhook refuses. A second round scales every scheduled
// Deployment, so the previous result steers the next one.
func TestSchedulerAgreement(t *testing.T) {
	seed := *schedSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test -run TestSchedulerAgreement -karmada.seed=%d -karmada.cases=%d [-karmada.case=N])", seed, seed, *schedCases)
	var cases []schedCase
	for id := range *schedCases {
		if *schedOnly < 0 || *schedOnly == id {
			cases = append(cases, generateCase(seed, id))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	registerFleets(ctx, t, cases)
	t.Logf("registered %d clusters in %s", countMembers(cases), time.Since(start).Round(time.Millisecond))

	k, err := env.StartKarmada(testenv.KarmadaOptions{ControllerManager: true, Webhook: true})
	require.NoError(t, err)
	defer func() { require.NoError(t, k.Stop()) }()
	sched, err := env.StartKarmada(testenv.KarmadaOptions{Scheduler: true})
	require.NoError(t, err)

	runs := createCases(ctx, t, cases)
	first := waitBindings(ctx, t, sched, runs, func(r *caseRun) int32 { return r.c.replicas })
	tally := compareRound(t, runs, first, 1)
	t.Logf("round 1 (%s): %s", time.Since(start).Round(time.Millisecond), tally)

	// Round 2 on a fleet that changed: the scheduler is stopped, members change, the Deployments
	// scale and the detector updates their bindings; a new scheduler then starts from a cache that
	// holds all of it.
	require.NoError(t, sched.Stop())
	changeFleets(ctx, t, cases)
	scaled := scaleCases(ctx, t, runs, first)
	waitReplicas(ctx, t, k, scaled)
	restart := time.Now().Truncate(time.Second)
	for _, r := range scaled {
		if karmada.Rescheduled(r.c.placement, workloadOf(t, r)) {
			r.since = restart
		}
	}
	sched, err = env.StartKarmada(testenv.KarmadaOptions{Scheduler: true})
	require.NoError(t, err)
	defer func() { require.NoError(t, sched.Stop()) }()
	second := waitBindings(ctx, t, sched, scaled, func(r *caseRun) int32 { return r.c.scaleTo })
	tally2 := compareRound(t, scaled, second, 2)
	t.Logf("round 2, scaled on a changed fleet (%s): %s", time.Since(start).Round(time.Millisecond), tally2)
	require.NoError(t, errors.Join(k.Check(), sched.Check()))
}

// changeFleets writes the second round's member changes.
func changeFleets(ctx context.Context, t *testing.T, cases []schedCase) {
	t.Helper()
	r, err := fleetkarmada.New(env.Client, fleetkarmada.Options{})
	require.NoError(t, err)
	var changed []schedCase
	for _, c := range cases {
		if c.changed != "" {
			changed = append(changed, c)
		}
	}
	require.NoError(t, parallel(changed, func(c schedCase) error {
		m, _ := c.later.Member(c.changed)
		if _, err := r.Register(ctx, m, tokenKubeconfig(t, m.APIEndpoint)); err != nil {
			return err
		}
		return r.WriteStatus(ctx, m)
	}))
}

// waitReplicas waits until the detector has written the scaled replicas into every binding.
func waitReplicas(ctx context.Context, t *testing.T, k *testenv.KarmadaComponents, runs []*caseRun) {
	t.Helper()
	want := map[string]int32{}
	for _, r := range runs {
		want[r.c.namespace()] = r.c.scaleTo
	}
	for {
		require.NoError(t, k.Check())
		var list workv1alpha2.ResourceBindingList
		require.NoError(t, env.Client.List(ctx, &list))
		behind := 0
		for _, rb := range list.Items {
			if n, ok := want[rb.Namespace]; ok && rb.Spec.Replicas != n {
				behind++
			}
		}
		if behind == 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d bindings not scaled by the detector in time", behind)
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// caseRun is a case as created: refused by admission, or its Deployment.
type caseRun struct {
	c        schedCase
	refusal  error
	deploy   *appsv1.Deployment
	previous *workv1alpha2.ResourceBinding // the binding after the round before
	// since is when the round's scheduler started, for a binding Karmada
	// schedules again (karmada.Rescheduled): its answer is older otherwise.
	since time.Time
}

func countMembers(cases []schedCase) int {
	n := 0
	for _, c := range cases {
		n += len(c.fleet.Members)
	}
	return n
}

// parallel runs f over items on a few goroutines and returns the first error.
func parallel[T any](items []T, f func(T) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	work := make(chan T)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if err := f(it); err != nil {
					mu.Lock()
					first = cmpOr(first, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, it := range items {
		work <- it
	}
	close(work)
	wg.Wait()
	return first
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// registerFleets registers every member as a push-mode Cluster with fleet/karmada and writes its
// status as Karmada's cluster-status controller would.
func registerFleets(ctx context.Context, t *testing.T, cases []schedCase) {
	t.Helper()
	r, err := fleetkarmada.New(env.Client, fleetkarmada.Options{})
	require.NoError(t, err)
	type member struct {
		c schedCase
		i int
	}
	var all []member
	for _, c := range cases {
		for i := range c.fleet.Members {
			all = append(all, member{c, i})
		}
	}
	require.NoError(t, parallel(all, func(m member) error {
		mem := m.c.fleet.Members[m.i]
		if _, err := r.Register(ctx, mem, tokenKubeconfig(t, mem.APIEndpoint)); err != nil {
			return err
		}
		return r.WriteStatus(ctx, mem)
	}))
}

// tokenKubeconfig is a kubeconfig Karmada would reach a member with; the members here are never reached.
func tokenKubeconfig(t *testing.T, server string) []byte {
	kc := clientcmdapi.NewConfig()
	kc.Clusters["member"] = &clientcmdapi.Cluster{Server: server, InsecureSkipTLSVerify: true}
	kc.AuthInfos["karmada"] = &clientcmdapi.AuthInfo{Token: "unused"}
	kc.Contexts["member"] = &clientcmdapi.Context{Cluster: "member", AuthInfo: "karmada"}
	kc.CurrentContext = "member"
	data, err := clientcmd.Write(*kc)
	require.NoError(t, err)
	return data
}

// createCases creates each case's namespace, policy and Deployment.
func createCases(ctx context.Context, t *testing.T, cases []schedCase) []*caseRun {
	t.Helper()
	runs := make([]*caseRun, len(cases))
	for i, c := range cases {
		runs[i] = &caseRun{c: c}
	}
	require.NoError(t, parallel(runs, func(r *caseRun) error {
		if err := env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: r.c.namespace()}}); err != nil {
			return err
		}
		if err := env.Create(ctx, r.c.policy()); err != nil {
			if !strings.Contains(err.Error(), "admission webhook") {
				return fmt.Errorf("case %d: policy: %w", r.c.id, err)
			}
			r.refusal = err
			return nil
		}
		r.deploy = r.c.deployment(r.c.replicas)
		return env.Create(ctx, r.deploy)
	}))
	return runs
}

// scaleCases scales every Deployment whose first schedule succeeded.
func scaleCases(ctx context.Context, t *testing.T, runs []*caseRun, bindings map[int]*workv1alpha2.ResourceBinding) []*caseRun {
	t.Helper()
	var out []*caseRun
	for _, r := range runs {
		rb := bindings[r.c.id]
		if rb == nil || !apimeta.IsStatusConditionTrue(rb.Status.Conditions, workv1alpha2.Scheduled) {
			continue
		}
		out = append(out, &caseRun{c: r.c, deploy: r.deploy, previous: rb})
	}
	require.NoError(t, parallel(out, func(r *caseRun) error {
		patch := client.MergeFrom(r.deploy.DeepCopy())
		r.deploy.Spec.Replicas = &r.c.scaleTo
		return env.Client.Patch(ctx, r.deploy, patch)
	}))
	return out
}

// waitBindings waits until the scheduler has answered for every created case with the wanted
// replicas: a Scheduled condition that is False, or True for the binding's current generation.
func waitBindings(ctx context.Context, t *testing.T, k *testenv.KarmadaComponents, runs []*caseRun, want func(*caseRun) int32) map[int]*workv1alpha2.ResourceBinding {
	t.Helper()
	pending := map[string]*caseRun{}
	for _, r := range runs {
		if r.refusal == nil {
			pending[r.c.namespace()] = r
		}
	}
	out := map[int]*workv1alpha2.ResourceBinding{}
	for len(pending) > 0 {
		require.NoError(t, k.Check())
		var list workv1alpha2.ResourceBindingList
		require.NoError(t, env.Client.List(ctx, &list))
		for i := range list.Items {
			rb := &list.Items[i]
			r, ok := pending[rb.Namespace]
			if !ok || rb.Spec.Replicas != want(r) {
				continue
			}
			if settled(rb, r.since) {
				out[r.c.id] = rb
				delete(pending, rb.Namespace)
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d bindings not scheduled in time (e.g. %s); scheduler log: %s", len(pending),
				slices.Sorted(maps.Keys(pending))[0], k.Logs(testenv.KarmadaScheduler, 3000))
		case <-time.After(500 * time.Millisecond):
		}
	}
	return out
}

// settled reports a binding the scheduler has answered for since the given time: a Scheduled
// condition that turned False, or that is True for the binding's current generation.
func settled(rb *workv1alpha2.ResourceBinding, since time.Time) bool {
	cond := apimeta.FindStatusCondition(rb.Status.Conditions, workv1alpha2.Scheduled)
	switch {
	case cond == nil:
		return false
	case cond.Status == metav1.ConditionFalse:
		return !cond.LastTransitionTime.Time.Before(since)
	}
	return rb.Status.SchedulerObservedGeneration == rb.Generation &&
		(since.IsZero() || rb.Status.LastScheduledTime != nil && !rb.Status.LastScheduledTime.Time.Before(since))
}

// outcome is one scheduling answer: spec.clusters and the condition reason, or a refusal.
type outcome struct {
	clusters map[string]int32
	reason   string
	refused  bool
}

func (o outcome) String() string {
	if o.refused {
		return "refused by admission"
	}
	names := slices.Sorted(maps.Keys(o.clusters))
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s:%d", n, o.clusters[n])
	}
	return fmt.Sprintf("%s [%s]", o.reason, strings.Join(parts, " "))
}

func clustersOf(tcs []workv1alpha2.TargetCluster) map[string]int32 {
	out := map[string]int32{}
	for _, tc := range tcs {
		out[tc.Name] = tc.Replicas
	}
	return out
}

// karmadaOutcome reads the real scheduler's answer from a binding.
func karmadaOutcome(r *caseRun, rb *workv1alpha2.ResourceBinding) outcome {
	if r.refusal != nil {
		return outcome{refused: true}
	}
	cond := apimeta.FindStatusCondition(rb.Status.Conditions, workv1alpha2.Scheduled)
	return outcome{clusters: clustersOf(rb.Spec.Clusters), reason: cond.Reason}
}

// workloadOf is the case's workload as the detector writes it into the binding, with the round
// before as the previous result.
func workloadOf(t *testing.T, r *caseRun) karmada.Workload {
	deploy := r.deploy
	if deploy == nil { // refused: the Deployment was never created
		deploy = r.c.deployment(r.c.replicas)
	}
	w, err := karmada.WorkloadFor(deploy)
	require.NoError(t, err)
	if r.previous != nil {
		for _, tc := range r.previous.Spec.Clusters {
			w.Previous = append(w.Previous, distribute.Assignment{Cluster: tc.Name, Replicas: tc.Replicas})
		}
		w.ObservedAffinity = r.previous.Status.SchedulerObservedAffinityName
	}
	return w
}

// fleetkitOutcome is Schedule's prediction for the case.
func fleetkitOutcome(t *testing.T, r *caseRun) (outcome, karmada.Result, error) {
	w := workloadOf(t, r)
	f := r.c.fleet
	if r.previous != nil {
		f = r.c.later
		if !karmada.Rescheduled(r.c.placement, w) {
			return outcome{clusters: assignments(w.Previous), reason: workv1alpha2.BindingReasonSuccess}, karmada.Result{}, nil
		}
	}
	res, err := karmada.Schedule(r.c.placement, karmada.Snapshot{Fleet: f}, w)
	var ve *karmada.ValidationError
	if errors.As(err, &ve) {
		return outcome{refused: true}, res, err
	}
	return outcome{clusters: assignments(res.Clusters), reason: karmada.ConditionReason(err)}, res, err
}

func assignments(as []distribute.Assignment) map[string]int32 {
	out := map[string]int32{}
	for _, a := range as {
		out[a.Cluster] = a.Replicas
	}
	return out
}

// tally counts agreements by outcome and by placement shape.
type tally struct {
	agree, disagree int
	kinds, shapes   map[string]int
}

func (t tally) String() string {
	count := func(m map[string]int) string {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%d of %d agree; by outcome: %s; by spread constraint: %s", t.agree, t.agree+t.disagree,
		count(t.kinds), count(t.shapes))
}

// compareRound compares every case of a round and reports disagreements with what replays them.
func compareRound(t *testing.T, runs []*caseRun, bindings map[int]*workv1alpha2.ResourceBinding, round int) tally {
	t.Helper()
	out := tally{kinds: map[string]int{}, shapes: map[string]int{}}
	for _, r := range runs {
		rb := bindings[r.c.id]
		want := karmadaOutcome(r, rb)
		got, res, err := fleetkitOutcome(t, r)
		if fmt.Sprint(got) == fmt.Sprint(want) && requestsAgree(r, rb) {
			out.agree++
			out.kinds[kindOf(r, want)]++
			out.shapes[shapeOf(r)]++
			continue
		}
		out.disagree++
		t.Errorf("round %d case %d (%s): karmada-scheduler %s, fleetkit %s (error: %v)\n%s", round, r.c.id, r.c.namespace(),
			want, got, err, describe(r, rb, res))
	}
	return out
}

// requestsAgree checks the resource requests the detector wrote against WorkloadFor's.
func requestsAgree(r *caseRun, rb *workv1alpha2.ResourceBinding) bool {
	if rb == nil {
		return true
	}
	w, err := karmada.WorkloadFor(r.deploy)
	if err != nil {
		return false
	}
	var real corev1.ResourceList
	if rb.Spec.ReplicaRequirements != nil {
		real = rb.Spec.ReplicaRequirements.ResourceRequest
	}
	if len(real) != len(w.Requests) || (rb.Spec.ReplicaRequirements != nil) != w.HasReplicaRequirements {
		return false
	}
	for name, q := range real {
		mine, ok := w.Requests[name]
		if !ok || mine.Cmp(q) != 0 {
			return false
		}
	}
	return true
}

// kindOf names the strategy and the outcome.
func kindOf(r *caseRun, o outcome) string {
	if o.refused {
		return "refused"
	}
	strategy, _ := karmada.StrategyOf(r.c.placement)
	return fmt.Sprintf("%s/%s", strategy, o.reason)
}

// shapeOf names the widest spread constraint ("none", "cluster", "region",
// ...), with "+groups" for clusterAffinities.
func shapeOf(r *caseRun) string {
	spread := "none"
	for _, c := range karmada.Defaulted(r.c.placement).SpreadConstraints {
		if c.SpreadByField == "region" || spread == "none" {
			spread = string(c.SpreadByField)
		}
	}
	if len(r.c.placement.ClusterAffinities) > 0 {
		spread += "+groups"
	}
	return spread
}

// describe renders a case for a failure message.
func describe(r *caseRun, rb *workv1alpha2.ResourceBinding, res karmada.Result) string {
	dump := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  placement: %s\n  fleet: %s\n  deployment: replicas %d then %d, template %s\n", dump(r.c.placement), dump(r.c.fleet.Members),
		r.c.replicas, r.c.scaleTo, dump(r.c.template.Spec))
	if r.refusal != nil {
		fmt.Fprintf(&b, "  refusal: %v\n", r.refusal)
	}
	if r.previous != nil {
		fmt.Fprintf(&b, "  previous: %s (affinity %q)\n", dump(r.previous.Spec.Clusters), r.previous.Status.SchedulerObservedAffinityName)
		if r.c.changed != "" {
			m, _ := r.c.later.Member(r.c.changed)
			fmt.Fprintf(&b, "  changed member: %s\n", dump(m))
		}
	}
	if rb != nil {
		fmt.Fprintf(&b, "  binding: placement %s\n  requirements %s\n  status %s\n", dump(rb.Spec.Placement),
			dump(rb.Spec.ReplicaRequirements), dump(rb.Status))
	}
	fmt.Fprintf(&b, "  fleetkit request: %s", dump(res.Request))
	return b.String()
}
