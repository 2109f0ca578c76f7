package karmadacompat_test

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

// seedFlag replays a failing run of the random differential tests; 0 picks a
// seed from the clock. Every test logs the seed it used.
var seedFlag = flag.Uint64("seed", 0, "seed of the random differential tests (0: from the clock)")

// runSeed returns the seed of this run.
func runSeed() uint64 {
	if *seedFlag != 0 {
		return *seedFlag
	}
	return uint64(time.Now().UnixNano())
}

// draw draws random fleets, affinities and placements. Case i of a run uses
// its own stream (seed, i), so a failure names the one case to replay.
type draw struct {
	rng *rand.Rand
}

func newDraw(seed uint64, i int) draw { return draw{rng: rand.New(rand.NewPCG(seed, uint64(i)))} }

func (d draw) n(k int) int { return d.rng.IntN(k) }

// of returns one of the values.
func of[T any](d draw, values ...T) T { return values[d.n(len(values))] }

// some returns a random subset of values, in order.
func some[T any](d draw, values ...T) []T {
	var out []T
	for _, v := range values {
		if d.n(2) == 0 {
			out = append(out, v)
		}
	}
	return out
}

var (
	providers = []string{"", "aws", "gcp", "onprem"}
	regions   = []string{"", "cn-east", "cn-west", "cn-north", "eu-central", "us-west"}
	zones     = []string{"", "z1", "z2", "z3", "z4"}
	tiers     = []string{"edge", "gpu", "cpu"}
	cities    = []string{"sh", "bj", "sz"}
)

// member draws one member named name.
func (d draw) member(name string) fleet.Member {
	m := fleet.Member{Name: name, NotReady: d.n(10) == 0, Provider: of(d, providers...), Region: of(d, regions...),
		Zone: of(d, zones...), Labels: map[string]string{}}
	if d.n(6) == 0 { // a cluster spanning two zones
		i := 1 + d.n(len(zones)-2)
		m.Zone, m.Zones = "", []string{zones[i], zones[i+1]}
	}
	if d.n(3) > 0 {
		m.Labels["tier"] = of(d, tiers...)
	}
	if d.n(2) == 0 {
		m.Labels["city"] = of(d, cities...)
	}
	if d.n(4) == 0 {
		m.Role = of(d, fleet.RoleEdge, fleet.RoleServing, fleet.RoleTraining)
	}
	if d.n(8) == 0 {
		m.Taints = []corev1.Taint{{Key: "nvidia.com/gpu", Effect: of(d, corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule)}}
	}
	return m
}

// fleet draws a fleet of up to max members with distinct names.
func (d draw) fleet(maxMembers int) fleet.Fleet {
	n := 1 + d.n(maxMembers)
	var f fleet.Fleet
	for i := range n {
		f.Members = append(f.Members, d.member(fmt.Sprintf("m%02d", (i*7+d.n(3))%100+i*100)))
	}
	d.rng.Shuffle(len(f.Members), func(i, j int) { f.Members[i], f.Members[j] = f.Members[j], f.Members[i] })
	return f
}

// available draws estimator answers for some members: ties, zero, unbounded, negative.
func (d draw) available(f fleet.Fleet, replicas int32) map[string]int32 {
	out := map[string]int32{}
	for _, m := range f.Members {
		switch d.n(8) {
		case 0, 1:
			continue
		case 2:
			out[m.Name] = 0
		case 3:
			out[m.Name] = 5
		case 4:
			out[m.Name] = math.MaxInt32
		case 5:
			out[m.Name] = int32(-d.n(3))
		default:
			out[m.Name] = int32(d.n(int(replicas) + 10))
		}
	}
	return out
}

// workload draws replicas and a previous result over members and strangers.
func (d draw) workload(f fleet.Fleet) karmada.Workload {
	w := karmada.Workload{Replicas: of(d, int32(0), int32(1), int32(3), int32(10), int32(d.n(200)))}
	if d.n(3) == 0 {
		return w
	}
	for _, m := range f.Members {
		if d.n(3) == 0 {
			w.Previous = append(w.Previous, distribute.Assignment{Cluster: m.Name, Replicas: int32(d.n(20))})
		}
	}
	if d.n(4) == 0 {
		w.Previous = append(w.Previous, distribute.Assignment{Cluster: "gone", Replicas: 2})
	}
	return w
}

// requirement draws a field requirement that fleet.Affinity accepts.
func (d draw) requirement() corev1.NodeSelectorRequirement {
	key := of(d, fleet.FieldProvider, fleet.FieldRegion, fleet.FieldZone)
	pool := map[string][]string{fleet.FieldProvider: providers[1:], fleet.FieldRegion: regions[1:], fleet.FieldZone: zones[1:]}[key]
	op := of(d, corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn, corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn,
		corev1.NodeSelectorOpExists, corev1.NodeSelectorOpDoesNotExist)
	r := corev1.NodeSelectorRequirement{Key: key, Operator: op}
	if op == corev1.NodeSelectorOpIn || op == corev1.NodeSelectorOpNotIn {
		for len(r.Values) == 0 {
			r.Values = some(d, pool...)
		}
	}
	return r
}

// labelSelector draws a selector over tier, city and the role label.
func (d draw) labelSelector() *metav1.LabelSelector {
	s := &metav1.LabelSelector{}
	if d.n(2) == 0 {
		s.MatchLabels = map[string]string{"tier": of(d, tiers...)}
	}
	for range d.n(3) {
		key := of(d, "tier", "city", fleet.RoleLabel)
		op := of(d, metav1.LabelSelectorOpIn, metav1.LabelSelectorOpNotIn, metav1.LabelSelectorOpExists, metav1.LabelSelectorOpDoesNotExist)
		r := metav1.LabelSelectorRequirement{Key: key, Operator: op}
		if op == metav1.LabelSelectorOpIn || op == metav1.LabelSelectorOpNotIn {
			r.Values = []string{of(d, append(append(tiers, cities...), "edge", "serving")...)}
		}
		s.MatchExpressions = append(s.MatchExpressions, r)
	}
	return s
}

// affinity draws a Karmada ClusterAffinity that fleet.Affinity accepts,
// naming members of f and strangers.
func (d draw) affinity(f fleet.Fleet) policyv1alpha1.ClusterAffinity {
	var a policyv1alpha1.ClusterAffinity
	names := func() []string {
		var out []string
		for _, m := range f.Members {
			if d.n(3) == 0 {
				out = append(out, m.Name)
			}
		}
		if d.n(5) == 0 {
			out = append(out, "stranger")
		}
		return out
	}
	if d.n(3) == 0 {
		a.ClusterNames = names()
	}
	if d.n(4) == 0 {
		a.ExcludeClusters = names()
	}
	if d.n(2) == 0 {
		a.LabelSelector = d.labelSelector()
	}
	if d.n(2) == 0 {
		a.FieldSelector = &policyv1alpha1.FieldSelector{}
		for range d.n(3) {
			a.FieldSelector.MatchExpressions = append(a.FieldSelector.MatchExpressions, d.requirement())
		}
	}
	return a
}
