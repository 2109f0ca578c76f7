package karmadacompat_test

// This file checks distribute.Divide against Karmada's own replica
// assignment, pkg/scheduler/core.AssignReplicas, as the oracle.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"
	"github.com/karmada-io/karmada/pkg/scheduler/core/spreadconstraint"

	"github.com/fleetkit/fleetkit/distribute"
	karmadacompat "github.com/fleetkit/fleetkit/internal/compat/karmada"
)

// compatCase is one random scenario, expressed once and rendered for both sides.
type compatCase struct {
	req distribute.Request
	// rules are the staticWeightList rules; Candidate.Weight holds their
	// per-cluster maximum. nilPreference drops weightPreference entirely.
	rules         []policyv1alpha1.StaticClusterWeight
	nilPreference bool
}

// shared is the case as the module's non-test code takes it.
func (c compatCase) shared() karmadacompat.Case {
	return karmadacompat.Case{Request: c.req, Rules: c.rules, NilPreference: c.nilPreference}
}

// karmadaInputs renders the case as Karmada's scheduler sees it.
func (c compatCase) karmadaInputs() ([]spreadconstraint.ClusterDetailInfo, *workv1alpha2.ResourceBindingSpec, *workv1alpha2.ResourceBindingStatus) {
	return c.shared().Inputs()
}

// oracle runs Karmada's AssignReplicas on the case.
func (c compatCase) oracle() ([]distribute.Assignment, error) {
	return c.shared().AssignReplicas()
}

// compare runs both sides, reports any difference and returns the outcome:
// the plan's mode, or "error".
func (c compatCase) compare(t *testing.T) string {
	t.Helper()
	want, wantErr := c.oracle()
	plan, err := distribute.Divide(c.req)
	if wantErr != nil {
		require.Errorf(t, err, "karmada failed (%v) but Divide succeeded with %v\ncase: %s", wantErr, plan.Assignments, c)
		if strings.Contains(wantErr.Error(), "not enough") {
			require.ErrorIsf(t, err, distribute.ErrUnschedulable, "case: %s", c)
		}
		return "error"
	}
	require.NoErrorf(t, err, "karmada gave %v\ncase: %s", want, c)
	got := plan.Assignments
	if plan.Mode != distribute.ModeDuplicate && plan.Mode != distribute.ModePropagate {
		// Karmada appends kept rows in map order; the division itself is by name.
		slices.SortFunc(want, func(a, b distribute.Assignment) int { return strings.Compare(a.Cluster, b.Cluster) })
	}
	require.Equalf(t, want, got, "case: %s", c)
	return string(plan.Mode)
}

// String prints a case compactly for failure messages.
func (c compatCase) String() string {
	var b strings.Builder
	r := c.req
	fmt.Fprintf(&b, "%s replicas=%d uid=%q fresh=%v req=%v multi=%v nilPref=%v\n", r.Strategy, r.Replicas, r.UID, r.Fresh,
		r.HasReplicaRequirements, r.MultiComponent, c.nilPreference)
	for _, cand := range r.Candidates {
		a := "nil"
		if cand.Available != nil {
			a = fmt.Sprint(*cand.Available)
		}
		fmt.Fprintf(&b, "  %s w=%d avail=%s\n", cand.Name, cand.Weight, a)
	}
	fmt.Fprintf(&b, "  previous=%v", r.Previous)
	return b.String()
}

// oddUID and evenUID hash to an odd and an even FNV-1a value.
const (
	oddUID  = "d43fdeeb-d750-4e2b-bee3-64eb94534f4c"
	evenUID = "8c6d1f4e-0c5b-4a53-9f8e-3a3b2f1d9e11"
)

// generator draws random compatibility cases.
type generator struct {
	rng *rand.Rand
}

func (g generator) pick(n int) int { return g.rng.IntN(n) }

// names returns n distinct cluster names in random order.
func (g generator) names(n int) []string {
	pool := []string{"a", "b", "c", "member1", "member2", "member10", "Zeta", "edge-001", "edge-002", "serving-sh", "training-bj", "x"}
	out := make([]string, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		var name string
		if g.pick(2) == 0 {
			name = pool[g.pick(len(pool))]
		} else {
			name = fmt.Sprintf("m%d", g.pick(4*n+4))
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

func (g generator) uid() string {
	switch g.pick(4) {
	case 0:
		return ""
	case 1:
		return oddUID
	case 2:
		return evenUID
	}
	return fmt.Sprintf("%08x-%04x", g.rng.Uint32(), g.rng.Uint32()&0xffff)
}

func (g generator) replicas() int32 {
	switch g.pick(10) {
	case 0:
		return 0
	case 1, 2, 3, 4:
		return int32(1 + g.pick(20))
	case 5, 6, 7:
		return int32(1 + g.pick(300))
	case 8:
		return int32(1 + g.pick(3000))
	}
	return int32(3000 + g.pick(20000))
}

// capacity draws an available-replicas value: often tied, sometimes zero,
// sometimes unknown, sometimes large.
func (g generator) capacity(replicas int32, n int) *int32 {
	switch g.pick(8) {
	case 0:
		return nil
	case 1:
		return distribute.Replicas(0)
	case 2:
		return distribute.Replicas(5)
	case 3:
		return distribute.Replicas(int32(g.pick(int(replicas) + 1)))
	case 4:
		return distribute.Replicas(int32(g.pick(1<<30/max(n, 1)/4) + 1)) // large, sums stay within int32
	}
	return distribute.Replicas(int32(g.pick(int(replicas)*2/max(n, 1) + 3)))
}

func (g generator) weight() int64 {
	switch g.pick(10) {
	case 0:
		return 0
	case 1:
		return 1 << 60 // equal huge weights: ties
	case 2:
		return 1<<60 + int64(g.pick(64)) // rounds to the same float64 as 1<<60
	case 3:
		return g.rng.Int64N(1 << 62)
	}
	return int64(1 + g.pick(10))
}

func (g generator) clusterCount() int {
	switch g.pick(10) {
	case 0:
		return 1
	case 1:
		return 13 + g.pick(30) // beyond insertion sort in sort.Sort
	}
	return 2 + g.pick(8)
}

// next draws one case.
func (g generator) next(strategy distribute.Strategy) compatCase {
	n := g.clusterCount()
	c := compatCase{req: distribute.Request{
		Strategy: strategy, Replicas: g.replicas(), UID: g.uid(),
		Fresh: g.pick(5) == 0, HasReplicaRequirements: g.pick(3) > 0, MultiComponent: g.pick(25) == 0,
	}}
	names := g.names(n + g.pick(3))
	for _, name := range names[:n] {
		c.req.Candidates = append(c.req.Candidates, distribute.Candidate{Name: name, Available: g.capacity(c.req.Replicas, n)})
	}
	if strategy == distribute.StaticWeight {
		g.staticRules(&c)
	}
	c.req.Previous = g.previous(names, c.req.Replicas)
	return c
}

// staticRules draws staticWeightList rules, several per cluster at times,
// and records the maximum per cluster on the candidates.
func (g generator) staticRules(c *compatCase) {
	if g.pick(10) == 0 {
		c.nilPreference = true
		return
	}
	for i := range c.req.Candidates {
		for range g.pick(3) {
			w := g.weight()
			if w == 0 {
				continue // Karmada's API requires weights >= 1; "no rule" is weight 0 here
			}
			c.rules = append(c.rules, staticRule(c.req.Candidates[i].Name, w))
			c.req.Candidates[i].Weight = max(c.req.Candidates[i].Weight, w)
		}
	}
	g.rng.Shuffle(len(c.rules), func(i, j int) { c.rules[i], c.rules[j] = c.rules[j], c.rules[i] })
}

// staticRule gives one named cluster a weight.
func staticRule(cluster string, w int64) policyv1alpha1.StaticClusterWeight {
	return karmadacompat.StaticRule(cluster, w)
}

// previous draws a previous result over some candidates and some clusters
// that are no longer candidates, in random order.
func (g generator) previous(names []string, replicas int32) []distribute.Assignment {
	if g.pick(4) == 0 {
		return nil
	}
	var prev []distribute.Assignment
	for _, name := range names {
		if g.pick(3) == 0 {
			continue
		}
		r := int32(g.pick(int(replicas)/max(len(names), 1)*2 + 3))
		if g.pick(6) == 0 {
			r = 0
		}
		prev = append(prev, distribute.Assignment{Cluster: name, Replicas: r})
	}
	g.rng.Shuffle(len(prev), func(i, j int) { prev[i], prev[j] = prev[j], prev[i] })
	return prev
}

// wantOutcomes lists the paths each strategy's random cases must exercise.
var wantOutcomes = map[distribute.Strategy][]string{
	distribute.Duplicated:    {"Duplicate", "Propagate"},
	distribute.StaticWeight:  {"Static", "Propagate"},
	distribute.DynamicWeight: {"FirstSchedule", "ScaleUp", "ScaleDown", "Steady", "Fresh", "Propagate", "error"},
	distribute.Aggregated:    {"FirstSchedule", "ScaleUp", "ScaleDown", "Steady", "Fresh", "Propagate", "error"},
}

// TestKarmadaCompatibilityRandom compares Divide with Karmada's
// core.AssignReplicas on thousands of random cases per strategy.
func TestKarmadaCompatibilityRandom(t *testing.T) {
	const perStrategy = 2500
	for _, s := range distribute.Strategies() {
		t.Run(string(s), func(t *testing.T) {
			g := generator{rng: rand.New(rand.NewPCG(42, uint64(len(s))))}
			seen := map[string]int{}
			for range perStrategy {
				seen[g.next(s).compare(t)]++
			}
			// The generator must reach every path of the strategy.
			for _, outcome := range wantOutcomes[s] {
				assert.Greaterf(t, seen[outcome], perStrategy/100, "outcome %s seen %d times", outcome, seen[outcome])
			}
		})
	}
}

// TestKarmadaCompatibilityScaling walks one workload through a series of
// scale ups, scale downs, cluster removals and fresh reschedules, feeding each
// Karmada result back as the previous result.
func TestKarmadaCompatibilityScaling(t *testing.T) {
	for _, s := range []distribute.Strategy{distribute.DynamicWeight, distribute.Aggregated} {
		for seed := range uint64(40) {
			g := generator{rng: rand.New(rand.NewPCG(seed, 7))}
			c := g.next(s)
			c.req.Fresh, c.req.MultiComponent, c.req.Previous = false, false, nil
			all := c.req.Candidates
			for range 12 {
				c.req.Replicas = int32(g.pick(400))
				c.req.Fresh = g.pick(6) == 0
				c.req.Candidates = removeSome(g, all)
				for i := range c.req.Candidates {
					c.req.Candidates[i].Available = g.capacity(c.req.Replicas, len(c.req.Candidates))
				}
				c.compare(t)
				if want, err := c.oracle(); err == nil {
					c.req.Previous = want
				}
			}
		}
	}
}

// removeSome drops a random cluster now and then, keeping at least one.
func removeSome(g generator, all []distribute.Candidate) []distribute.Candidate {
	out := slices.Clone(all)
	if len(out) > 1 && g.pick(3) == 0 {
		i := g.pick(len(out))
		out = slices.Delete(out, i, i+1)
	}
	return out
}

// TestKarmadaCompatibilityAggregatedUnstableSort covers more than 12 clusters
// with equal available replicas, where Karmada's unstable sort decides which
// clusters Aggregated picks.
func TestKarmadaCompatibilityAggregatedUnstableSort(t *testing.T) {
	for n := 13; n <= 60; n++ {
		for _, uid := range []string{"", oddUID} {
			c := compatCase{req: distribute.Request{Strategy: distribute.Aggregated, Replicas: int32(3*n/2 + 1), UID: uid}}
			for i := range n {
				c.req.Candidates = append(c.req.Candidates, distribute.Candidate{
					Name: fmt.Sprintf("c%02d", (i*7919)%n), Available: distribute.Replicas(int32(2 + i%3/2))})
			}
			c.compare(t)
			c.req.Previous = []distribute.Assignment{{Cluster: "c05", Replicas: 2}, {Cluster: "c03", Replicas: 1}}
			c.compare(t)
		}
	}
}

// TestKarmadaCompatibilityNoCandidates checks that both sides reject an
// empty candidate list.
func TestKarmadaCompatibilityNoCandidates(t *testing.T) {
	c := compatCase{req: distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 3}}
	_, wantErr := c.oracle()
	require.Error(t, wantErr)
	_, err := distribute.Divide(c.req)
	assert.ErrorIs(t, err, distribute.ErrNoCandidates)
}
