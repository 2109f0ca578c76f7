package karmada_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/fleet"
)

// caseLabel scopes a case's clusters: every case shares one control plane, so
// the placement Karmada sees also requires this label (see scoped).
const caseLabel = "fleetkit.dev/case"

// schedCase is one generated scheduling problem: a fleet, a policy and a
// Deployment, then a scale to a second replica count.
type schedCase struct {
	id        int
	fleet     fleet.Fleet
	placement policyv1alpha1.Placement
	replicas  int32
	scaleTo   int32
	template  corev1.PodTemplateSpec
	// later is the fleet of the second round: now and then one member has
	// become (not) ready, tainted, or fuller.
	later fleet.Fleet
	// changed names the member that changed, if one did.
	changed string
}

func (c schedCase) namespace() string { return fmt.Sprintf("fk-case-%03d", c.id) }

func (c schedCase) caseID() string { return strconv.Itoa(c.id) }

// gen draws one case from its own stream (seed, id), so a case replays alone.
type gen struct{ rng *rand.Rand }

func (g gen) n(k int) int { return g.rng.IntN(k) }

// one returns true with probability 1/k.
func (g gen) one(k int) bool { return g.n(k) == 0 }

func pick[T any](g gen, values ...T) T { return values[g.n(len(values))] }

// generateCase draws case id of a run.
func generateCase(seed uint64, id int) schedCase {
	g := gen{rng: rand.New(rand.NewPCG(seed, uint64(id)))}
	c := schedCase{id: id, replicas: pick(g, int32(0), 1, 2, 3, 5, 8, 12, 20, int32(1+g.n(40)))}
	c.fleet = g.fleet(c)
	c.placement = g.placement(c.fleet)
	c.scaleTo = max(0, c.replicas+int32(g.n(10))-3)
	c.template = g.template()
	c.later, c.changed = g.change(c.fleet)
	return c
}

// change returns a copy of the fleet where, every other case, one member
// has changed between the rounds.
func (g gen) change(f fleet.Fleet) (fleet.Fleet, string) {
	out := fleet.Fleet{Name: f.Name, Members: make([]fleet.Member, len(f.Members))}
	for i, m := range f.Members {
		out.Members[i] = m.DeepCopy()
	}
	if g.one(2) {
		return out, ""
	}
	m := &out.Members[g.n(len(out.Members))]
	switch g.n(4) {
	case 0:
		m.NotReady = !m.NotReady
	case 1:
		m.Taints = append(m.Taints, corev1.Taint{Key: "maintenance", Effect: corev1.TaintEffectNoSchedule})
	case 2:
		m.Capacity = g.capacity()
	default:
		m.APIs = []fleet.APIGroupVersion{}
	}
	return out, m.Name
}

// fleet draws 2 to 7 members.
func (g gen) fleet(c schedCase) fleet.Fleet {
	f := fleet.Fleet{Name: c.namespace()}
	for k := range 2 + g.n(6) {
		f.Members = append(f.Members, g.member(fmt.Sprintf("c%03d-%c", c.id, 'a'+k), c.caseID()))
	}
	return f
}

func (g gen) member(name, caseID string) fleet.Member {
	m := fleet.Member{Name: name, NotReady: g.one(8), Region: pick(g, "", "east", "east", "west", "north"),
		Zone: pick(g, "", "z1", "z2"), Provider: pick(g, "", "aws", "onprem"),
		APIEndpoint: "https://" + name + ".fleet.invalid:6443", Labels: map[string]string{caseLabel: caseID}}
	if g.one(5) { // a cluster spanning zones: selectors read every zone
		m.Zone, m.Zones = "", pick(g, []string{"z1", "z2"}, []string{"z2", "z3"})
	}
	if !g.one(3) {
		m.Labels["tier"] = pick(g, "edge", "gpu", "cpu")
	}
	if g.one(2) {
		m.Labels["env"] = pick(g, "prod", "dev")
	}
	switch g.n(10) {
	case 0, 1:
		m.Taints = []corev1.Taint{{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}}
	case 2:
		m.Taints = []corev1.Taint{{Key: "maintenance", Effect: corev1.TaintEffectNoExecute}}
	case 3:
		m.Taints = []corev1.Taint{{Key: "dedicated", Value: "batch", Effect: corev1.TaintEffectNoSchedule}}
	}
	if g.one(12) {
		m.APIs = []fleet.APIGroupVersion{{GroupVersion: "v1", Resources: []fleet.APIResource{{Name: "pods", Kind: "Pod"}}}}
	}
	m.Capacity = g.capacity()
	return m
}

// capacity draws a resource summary: none, no pods, few or many; CPU, memory
// and sometimes GPUs, some of it allocated or allocating.
func (g gen) capacity() fleet.Capacity {
	if g.one(10) {
		return fleet.Capacity{}
	}
	pods := pick(g, int64(0), 8, 20, 50, 110, 110, 250)
	c := fleet.Capacity{
		Allocatable: corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(pods, resource.DecimalSI),
			corev1.ResourceCPU:    resource.MustParse(pick(g, "2", "4", "16", "64", "1500m")),
			corev1.ResourceMemory: resource.MustParse(pick(g, "4Gi", "16Gi", "64Gi", "256Gi"))},
		Allocated: corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(int64(g.n(int(pods)/2+3)), resource.DecimalSI),
			corev1.ResourceCPU:    resource.MustParse(pick(g, "0", "500m", "1", "3")),
			corev1.ResourceMemory: resource.MustParse(pick(g, "0", "1Gi", "6Gi"))},
	}
	if g.one(4) {
		c.Allocatable["nvidia.com/gpu"] = *resource.NewQuantity(int64(g.n(5)), resource.DecimalSI)
	}
	if g.one(5) {
		c.Allocating = corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(int64(g.n(4)), resource.DecimalSI),
			corev1.ResourceCPU: resource.MustParse(pick(g, "250m", "1"))}
	}
	if g.one(3) {
		c.Models, c.AllocatableModelings = g.models()
	}
	return c
}

// models draws node grades, as a real Karmada's API server and cluster-status controller give every
// Cluster: the scheduler then estimates from them, not from the summary. The grades bound every
// resource the templates request (Karmada's defaults bound CPU and memory only): where a request
// has a resource no grade bounds and another no grade covers, Karmada's answer follows Go's map
// order (the compat oracle checks fleetkit gives one of its two answers), which a differential
// against the real scheduler cannot compare.
func (g gen) models() ([]fleet.ResourceModel, []fleet.AllocatableModeling) {
	names := []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, "nvidia.com/gpu"}
	bounds := [][3]string{{"0", "0", "0"}, {"1", "4Gi", "1"}, {"2", "16Gi", "2"}, {"4", "32Gi", "4"}, {"16", "64Gi", "8"}}
	top := [3]string{"9223372036854775807", "9223372036854775807", "9223372036854775807"}
	grades := 1 + g.n(4)
	models := make([]fleet.ResourceModel, grades)
	counts := make([]fleet.AllocatableModeling, grades)
	for i := range models {
		upper := bounds[min(i+1, len(bounds)-1)]
		if i == grades-1 {
			upper = top
		}
		models[i].Grade = uint(i)
		for j, name := range names {
			models[i].Ranges = append(models[i].Ranges, fleet.ResourceModelRange{Name: name,
				Min: resource.MustParse(bounds[i][j]), Max: resource.MustParse(upper[j])})
		}
		counts[i] = fleet.AllocatableModeling{Grade: uint(i), Count: pick(g, 0, 1, 3, 10)}
	}
	return models, counts
}

// placement draws affinity, tolerations, spread constraints and a replica
// scheduling strategy.
func (g gen) placement(f fleet.Fleet) policyv1alpha1.Placement {
	var p policyv1alpha1.Placement
	switch g.n(8) {
	case 0, 1, 2:
		a := g.affinity(f)
		p.ClusterAffinity = &a
	case 3, 4:
		for k := range 2 + g.n(2) {
			p.ClusterAffinities = append(p.ClusterAffinities, policyv1alpha1.ClusterAffinityTerm{
				AffinityName: []string{"primary", "secondary", "fallback"}[k], ClusterAffinity: g.affinity(f)})
		}
	}
	p.ClusterTolerations = g.tolerations()
	p.SpreadConstraints = g.spread()
	p.ReplicaScheduling = g.scheduling(f)
	return p
}

// affinity draws names, exclusions, labels and fields over the fleet.
func (g gen) affinity(f fleet.Fleet) policyv1alpha1.ClusterAffinity {
	var a policyv1alpha1.ClusterAffinity
	names := func() []string {
		var out []string
		for _, m := range f.Members {
			if g.one(2) {
				out = append(out, m.Name)
			}
		}
		return out
	}
	if g.one(3) {
		a.ClusterNames = names()
	}
	if g.one(5) {
		a.ExcludeClusters = names()
	}
	if g.one(3) {
		a.LabelSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
			pick(g, metav1.LabelSelectorRequirement{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{pick(g, "edge", "gpu", "cpu"), "cpu"}},
				metav1.LabelSelectorRequirement{Key: "env", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"dev"}},
				metav1.LabelSelectorRequirement{Key: "tier", Operator: metav1.LabelSelectorOpExists})}}
	}
	if g.one(4) {
		a.FieldSelector = &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			pick(g, corev1.NodeSelectorRequirement{Key: "region", Operator: corev1.NodeSelectorOpIn, Values: []string{pick(g, "east", "west")}},
				corev1.NodeSelectorRequirement{Key: "provider", Operator: corev1.NodeSelectorOpNotIn, Values: []string{"aws"}},
				corev1.NodeSelectorRequirement{Key: "zone", Operator: corev1.NodeSelectorOpIn, Values: pick(g, []string{"z1", "z2"}, []string{"z2"})},
				corev1.NodeSelectorRequirement{Key: "zone", Operator: corev1.NodeSelectorOpNotIn, Values: []string{"z3"}})}}
		if g.one(15) { // matched by Karmada's ClusterMatches, refused by its admission
			a.FieldSelector.MatchExpressions[0] = corev1.NodeSelectorRequirement{Key: "region", Operator: corev1.NodeSelectorOpExists}
		}
	}
	return a
}

func (g gen) tolerations() []corev1.Toleration {
	var out []corev1.Toleration
	if g.one(3) {
		out = append(out, corev1.Toleration{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "gpu", Effect: corev1.TaintEffectNoSchedule})
	}
	if g.one(5) {
		out = append(out, corev1.Toleration{Key: clusterv1alpha1.TaintClusterNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})
	}
	if g.one(12) {
		out = append(out, corev1.Toleration{Operator: corev1.TolerationOpExists})
	}
	return out
}

// spread draws no constraints (most often), a cluster constraint, region and
// cluster, another field with cluster, a defaulted one, or (rarely) one
// Karmada's admission refuses.
func (g gen) spread() []policyv1alpha1.SpreadConstraint {
	cluster := func() policyv1alpha1.SpreadConstraint {
		lo := 1 + g.n(2)
		return policyv1alpha1.SpreadConstraint{SpreadByField: policyv1alpha1.SpreadByFieldCluster, MinGroups: lo, MaxGroups: lo + g.n(4)}
	}
	switch g.n(20) {
	case 0, 1, 2, 3:
		return []policyv1alpha1.SpreadConstraint{cluster()}
	case 4, 5, 6:
		lo := 1 + g.n(2)
		return []policyv1alpha1.SpreadConstraint{{SpreadByField: policyv1alpha1.SpreadByFieldRegion, MinGroups: lo, MaxGroups: lo + g.n(2)}, cluster()}
	case 7:
		return []policyv1alpha1.SpreadConstraint{{SpreadByField: pick(g, policyv1alpha1.SpreadByFieldZone, policyv1alpha1.SpreadByFieldProvider),
			MinGroups: 1, MaxGroups: 2}, cluster()}
	case 8:
		return []policyv1alpha1.SpreadConstraint{{MaxGroups: 1 + g.n(3)}}
	case 9:
		if g.one(3) {
			return []policyv1alpha1.SpreadConstraint{{SpreadByField: policyv1alpha1.SpreadByFieldRegion, MinGroups: 1, MaxGroups: 2}}
		}
	}
	return nil
}

// scheduling draws Duplicated (implicit or explicit), Divided with static,
// default or dynamic weights, or Aggregated.
func (g gen) scheduling(f fleet.Fleet) *policyv1alpha1.ReplicaSchedulingStrategy {
	divided := func(pref policyv1alpha1.ReplicaDivisionPreference, wp *policyv1alpha1.ClusterPreferences) *policyv1alpha1.ReplicaSchedulingStrategy {
		return &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
			ReplicaDivisionPreference: pref, WeightPreference: wp}
	}
	switch g.n(12) {
	case 0:
		return nil
	case 1:
		return &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDuplicated}
	case 2:
		return divided("", nil)
	case 3:
		return &policyv1alpha1.ReplicaSchedulingStrategy{}
	case 4, 5:
		return divided(policyv1alpha1.ReplicaDivisionPreferenceWeighted, &policyv1alpha1.ClusterPreferences{StaticWeightList: g.weights(f)})
	case 6, 7, 8:
		return divided(policyv1alpha1.ReplicaDivisionPreferenceWeighted,
			&policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas})
	}
	return divided(policyv1alpha1.ReplicaDivisionPreferenceAggregated, nil)
}

func (g gen) weights(f fleet.Fleet) []policyv1alpha1.StaticClusterWeight {
	var out []policyv1alpha1.StaticClusterWeight
	for range 1 + g.n(3) {
		var target policyv1alpha1.ClusterAffinity
		if g.one(2) {
			target.ClusterNames = []string{pick(g, f.Members...).Name}
		} else {
			target.LabelSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"tier": pick(g, "edge", "gpu", "cpu")}}
		}
		out = append(out, policyv1alpha1.StaticClusterWeight{TargetCluster: target, Weight: int64(1 + g.n(5))})
	}
	return out
}

// template draws a pod template: no resources, requests, limits only, an
// init container, a GPU, or only a node selector.
func (g gen) template() corev1.PodTemplateSpec {
	t := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}}}
	for k := range 1 + g.n(2) {
		t.Spec.Containers = append(t.Spec.Containers, corev1.Container{Name: fmt.Sprintf("app-%d", k), Image: "registry.invalid/web:1",
			Resources: g.resources()})
	}
	if g.one(8) {
		t.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "registry.invalid/init:1", Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(pick(g, "1", "3"))}}}}
	}
	if g.one(10) {
		t.Spec.NodeSelector = map[string]string{"disk": "ssd"}
	}
	return t
}

func (g gen) resources() corev1.ResourceRequirements {
	if g.one(3) {
		return corev1.ResourceRequirements{}
	}
	l := corev1.ResourceList{}
	if !g.one(4) {
		l[corev1.ResourceCPU] = resource.MustParse(pick(g, "100m", "250m", "500m", "1", "2"))
	}
	if g.one(2) {
		l[corev1.ResourceMemory] = resource.MustParse(pick(g, "64Mi", "256Mi", "1Gi", "3Gi"))
	}
	if g.one(8) {
		l["nvidia.com/gpu"] = resource.MustParse("1")
	}
	if g.one(6) {
		return corev1.ResourceRequirements{Limits: l}
	}
	r := corev1.ResourceRequirements{Requests: l}
	if gpu, ok := l["nvidia.com/gpu"]; ok { // extended resources are not overcommitted: limit = request
		r.Limits = corev1.ResourceList{"nvidia.com/gpu": gpu}
	}
	return r
}

// deployment is the case's workload.
func (c schedCase) deployment(replicas int32) *appsv1.Deployment {
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: c.namespace(), Name: "web"},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Template: *c.template.DeepCopy(),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}}
}

// scoped is the case's placement as Karmada sees it: every affinity (or a new
// one) also requires the case label, so that the case's policy selects only
// the case's clusters in the shared control plane. The static weights are
// not scoped: they only weigh candidates.
func (c schedCase) scoped() policyv1alpha1.Placement {
	p := *c.placement.DeepCopy()
	scope := func(a *policyv1alpha1.ClusterAffinity) {
		if a.LabelSelector == nil {
			a.LabelSelector = &metav1.LabelSelector{}
		}
		if a.LabelSelector.MatchLabels == nil {
			a.LabelSelector.MatchLabels = map[string]string{}
		}
		a.LabelSelector.MatchLabels[caseLabel] = c.caseID()
	}
	if len(p.ClusterAffinities) > 0 {
		for i := range p.ClusterAffinities {
			scope(&p.ClusterAffinities[i].ClusterAffinity)
		}
		return p
	}
	if p.ClusterAffinity == nil {
		p.ClusterAffinity = &policyv1alpha1.ClusterAffinity{}
	}
	scope(p.ClusterAffinity)
	return p
}

// policy is the case's PropagationPolicy.
func (c schedCase) policy() *policyv1alpha1.PropagationPolicy {
	return &policyv1alpha1.PropagationPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: c.namespace(), Name: "web"},
		Spec: policyv1alpha1.PropagationSpec{Placement: c.scoped(), ResourceSelectors: []policyv1alpha1.ResourceSelector{
			{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}}}}
}
