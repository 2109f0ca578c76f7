package karmadacompat_test

import (
	"context"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"
	estimatorclient "github.com/karmada-io/karmada/pkg/estimator/client"
	"github.com/karmada-io/karmada/pkg/util"
	"github.com/karmada-io/karmada/pkg/util/helper"

	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

// quantity draws an amount of a resource, in the units and formats manifests and resource
// summaries use, fractions, zero and negatives included.
func (d draw) quantity(name corev1.ResourceName) resource.Quantity {
	switch name {
	case corev1.ResourceCPU:
		return resource.MustParse(of(d, "0", "1", "2", "100m", "250m", "1500m", "16", "0.3", "7m", "-1"))
	case corev1.ResourceMemory, corev1.ResourceEphemeralStorage, "hugepages-2Mi":
		return resource.MustParse(of(d, "0", "1", "64Mi", "1Gi", "1.5Gi", "3G", "100M", "1000", "512Ki"))
	}
	return resource.MustParse(of(d, "0", "1", "2", "3", "8", "110", "1k"))
}

var resourceNames = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage,
	corev1.ResourcePods, "nvidia.com/gpu", "hugepages-2Mi", "storage", "example.com/foo", "kubernetes.io/batch"}

// resources draws a resource list over a random subset of names.
func (d draw) resources() corev1.ResourceList {
	if d.n(4) == 0 {
		return nil
	}
	out := corev1.ResourceList{}
	for _, name := range some(d, resourceNames...) {
		out[name] = d.quantity(name)
	}
	return out
}

func (d draw) capacity() fleet.Capacity {
	return fleet.Capacity{Allocatable: d.resources(), Allocated: d.resources(), Allocating: d.resources()}
}

func (d draw) podSpec() corev1.PodSpec {
	var spec corev1.PodSpec
	container := func() corev1.Container {
		return corev1.Container{Name: "c", Resources: corev1.ResourceRequirements{Requests: d.resources(), Limits: d.resources()}}
	}
	for range 1 + d.n(3) {
		spec.Containers = append(spec.Containers, container())
	}
	for range d.n(3) {
		spec.InitContainers = append(spec.InitContainers, container())
	}
	if d.n(5) == 0 {
		spec.Overhead = d.resources()
	}
	switch d.n(8) {
	case 0:
		spec.NodeSelector = map[string]string{"disk": "ssd"}
	case 1:
		spec.Tolerations = []corev1.Toleration{{Key: "gpu", Operator: corev1.TolerationOpExists}}
	case 2:
		spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{}}}
	}
	return spec
}

// TestWorkloadRequestsMatchKarmada compares WorkloadFor's requests and requirement flag with
// Karmada's GenerateReplicaRequirements on random pod templates.
func TestWorkloadRequestsMatchKarmada(t *testing.T) {
	const cases = 20000
	seed := runSeed()
	t.Logf("seed %d: replay with go test -run TestWorkloadRequestsMatchKarmada -seed=%d", seed, seed)
	for i := range cases {
		d := newDraw(seed, i)
		spec := d.podSpec()
		want := helper.GenerateReplicaRequirements(&corev1.PodTemplateSpec{Spec: spec})
		got, err := karmada.WorkloadFor(&appsv1.Deployment{Spec: appsv1.DeploymentSpec{Template: corev1.PodTemplateSpec{Spec: spec}}})
		require.NoError(t, err)
		require.Equalf(t, want != nil, got.HasReplicaRequirements, "seed %d case %d: %+v", seed, i, spec)
		var wantRequests corev1.ResourceList
		if want != nil {
			wantRequests = want.ResourceRequest
		}
		requireSameList(t, wantRequests, got.Requests, "seed %d case %d: %+v", seed, i, spec)
	}
}

func requireSameList(t *testing.T, want, got corev1.ResourceList, msg string, args ...any) {
	t.Helper()
	require.Equalf(t, len(want), len(got), msg+"\nwant %v\ngot  %v", append(args, want, got)...)
	for name, q := range want {
		g, ok := got[name]
		require.Truef(t, ok && g.Cmp(q) == 0, msg+"\n%s: want %s, got %s", append(args, name, q.String(), g.String())...)
	}
}

// modelBounds are the lower bounds a grade may start at, per resource, in increasing order.
var modelBounds = map[corev1.ResourceName][]string{
	corev1.ResourceCPU:    {"500m", "1", "2", "4", "16"},
	corev1.ResourceMemory: {"1Gi", "4Gi", "16Gi", "64Gi"},
	"nvidia.com/gpu":      {"1", "2", "8"},
}

// models draws resource models as Karmada's API server stores them (grades increasing over the same
// resources, the first starting at 0, the last ending at MaxInt64, contiguous) and node counts for
// each grade, zero included.
func (d draw) models() ([]fleet.ResourceModel, []fleet.AllocatableModeling) {
	names := some(d, corev1.ResourceCPU, corev1.ResourceMemory, "nvidia.com/gpu")
	if len(names) == 0 {
		names = []corev1.ResourceName{corev1.ResourceCPU}
	}
	grades := 1 + d.n(4)
	models := make([]fleet.ResourceModel, grades)
	modelings := make([]fleet.AllocatableModeling, grades)
	for i := range models {
		models[i].Grade = uint(i * (1 + d.n(2)))
		if i > 0 {
			models[i].Grade += models[i-1].Grade + 1
		}
		modelings[i] = fleet.AllocatableModeling{Grade: models[i].Grade, Count: of(d, 0, 1, 2, 5)}
	}
	for _, name := range names {
		starts := append([]resource.Quantity{resource.MustParse("0")}, boundsFrom(d, modelBounds[name], grades-1)...)
		for i := range models {
			upper := *resource.NewQuantity(math.MaxInt64, resource.DecimalSI)
			if i+1 < grades {
				upper = starts[i+1]
			}
			models[i].Ranges = append(models[i].Ranges, fleet.ResourceModelRange{Name: name, Min: starts[i], Max: upper})
		}
	}
	return models, modelings
}

// boundsFrom draws k increasing bounds from pool (repeating the largest when pool runs short would
// break contiguity, so k is capped by the pool and the caller's grades follow).
func boundsFrom(d draw, pool []string, k int) []resource.Quantity {
	start := d.n(len(pool) - min(k, len(pool)) + 1)
	var out []resource.Quantity
	for i := 0; i < k; i++ {
		j := min(start+i, len(pool)-1)
		q := resource.MustParse(pool[j])
		if j < start+i { // pool exhausted: keep increasing
			q.Add(*resource.NewQuantity(int64(start+i-j), resource.DecimalSI))
		}
		out = append(out, q)
	}
	return out
}

// karmadaModels renders a capacity's models and modelings as a Karmada Cluster holds them.
func karmadaModels(c fleet.Capacity) ([]clusterv1alpha1.ResourceModel, []clusterv1alpha1.AllocatableModeling) {
	var models []clusterv1alpha1.ResourceModel
	for _, m := range c.Models {
		km := clusterv1alpha1.ResourceModel{Grade: m.Grade}
		for _, r := range m.Ranges {
			km.Ranges = append(km.Ranges, clusterv1alpha1.ResourceModelRange{Name: r.Name, Min: r.Min, Max: r.Max})
		}
		models = append(models, km)
	}
	var modelings []clusterv1alpha1.AllocatableModeling
	for _, am := range c.AllocatableModelings {
		modelings = append(modelings, clusterv1alpha1.AllocatableModeling{Grade: am.Grade, Count: am.Count})
	}
	return models, modelings
}

// TestGeneralEstimateMatchesKarmada compares GeneralEstimate with Karmada's GeneralEstimator on
// random resource summaries, resource models and requests.
func TestGeneralEstimateMatchesKarmada(t *testing.T) {
	const cases = 20000
	seed := runSeed()
	t.Logf("seed %d: replay with go test -run TestGeneralEstimateMatchesKarmada -seed=%d", seed, seed)
	estimator := estimatorclient.NewGeneralEstimator()
	nonzero := 0
	for i := range cases {
		d := newDraw(seed, i)
		c := d.capacity()
		spec := d.podSpec()
		var requirements *workv1alpha2.ReplicaRequirements
		if d.n(4) > 0 {
			requirements = &workv1alpha2.ReplicaRequirements{ResourceRequest: util.EmptyResource().AddPodTemplateRequest(&spec).ResourceList()}
		}
		if d.n(2) == 0 {
			c.Models, c.AllocatableModelings = d.models()
		}
		cluster := &clusterv1alpha1.Cluster{Status: clusterv1alpha1.ClusterStatus{ResourceSummary: &clusterv1alpha1.ResourceSummary{
			Allocatable: c.Allocatable, Allocated: c.Allocated, Allocating: c.Allocating}}}
		cluster.Spec.ResourceModels, cluster.Status.ResourceSummary.AllocatableModelings = karmadaModels(c)
		var requests corev1.ResourceList // nil: no requirements; non-nil, even empty: requirements
		if requirements != nil {
			requests = corev1.ResourceList{}
			maps.Copy(requests, requirements.ResourceRequest)
		}
		got := karmada.GeneralEstimate(c, requests)
		require.Equalf(t, karmadaEstimate(t, estimator, cluster, requirements), got, "seed %d case %d: capacity %+v, requests %v", seed, i, c, requests)
		if got > 0 {
			nonzero++
		}
	}
	require.Greater(t, nonzero, cases/20, "too few cases with room for a replica")
	t.Logf("%d cases, %d with room", cases, nonzero)
}

// TestModelEstimateMatchesKarmada compares GeneralEstimate with Karmada's GeneralEstimator on
// members with resource models and node counts, the default on a real Karmada, with requests over
// the modelled resources: the estimate comes from the node grades, not the summary.
func TestModelEstimateMatchesKarmada(t *testing.T) {
	const cases = 20000
	seed := runSeed()
	t.Logf("seed %d: replay with go test -run TestModelEstimateMatchesKarmada -seed=%d", seed, seed)
	estimator := estimatorclient.NewGeneralEstimator()
	decided := 0
	for i := range cases {
		d := newDraw(seed, i)
		c := fleet.Capacity{Allocatable: corev1.ResourceList{corev1.ResourcePods: resource.MustParse(of(d, "3", "110", "5000"))}}
		for _, name := range some(d, corev1.ResourceCPU, corev1.ResourceMemory, "nvidia.com/gpu") {
			c.Allocatable[name] = d.quantity(name)
		}
		c.Models, c.AllocatableModelings = d.models()
		requests := corev1.ResourceList{}
		for _, name := range some(d, corev1.ResourceCPU, corev1.ResourceMemory, "nvidia.com/gpu") {
			requests[name] = d.quantity(name)
		}
		cluster := &clusterv1alpha1.Cluster{Status: clusterv1alpha1.ClusterStatus{ResourceSummary: &clusterv1alpha1.ResourceSummary{
			Allocatable: c.Allocatable}}}
		cluster.Spec.ResourceModels, cluster.Status.ResourceSummary.AllocatableModelings = karmadaModels(c)
		got := karmada.GeneralEstimate(c, requests)
		want := karmadaEstimate(t, estimator, cluster, &workv1alpha2.ReplicaRequirements{ResourceRequest: requests})
		require.Equalf(t, want, got, "seed %d case %d: capacity %+v, requests %v", seed, i, c, requests)
		summaryOnly := c
		summaryOnly.AllocatableModelings = nil
		if got != karmada.GeneralEstimate(summaryOnly, requests) {
			decided++
		}
	}
	t.Logf("%d cases, %d where the models changed the estimate", cases, decided)
	require.Greater(t, decided, cases/4, "too few cases the models decided")
}

// karmadaEstimate is the general estimator's answer for a member. Where the member has modelings and
// a requested resource no model bounds, Karmada's answer follows Go's map order over the requests:
// the summary's, or 0 when it meets a resource no grade covers first. fleetkit always gives the
// summary's; this returns that answer after checking that Karmada's was one of the two.
func karmadaEstimate(t *testing.T, e *estimatorclient.GeneralEstimator, cluster *clusterv1alpha1.Cluster, requirements *workv1alpha2.ReplicaRequirements) int32 {
	t.Helper()
	estimate := func(c *clusterv1alpha1.Cluster) int32 {
		res, err := e.MaxAvailableReplicas(context.Background(), []*clusterv1alpha1.Cluster{c}, requirements)
		require.NoError(t, err)
		return res[0].Replicas
	}
	got := estimate(cluster)
	if requirements == nil || len(cluster.Status.ResourceSummary.AllocatableModelings) == 0 || !unmodelled(cluster.Spec.ResourceModels, requirements.ResourceRequest) {
		return got
	}
	summary := cluster.DeepCopy()
	summary.Status.ResourceSummary.AllocatableModelings = nil
	want := estimate(summary)
	require.Contains(t, []int32{0, want}, got, "Karmada answered neither the summary's estimate nor 0")
	return want
}

// unmodelled reports a positive request for a resource no model bounds.
func unmodelled(models []clusterv1alpha1.ResourceModel, requests corev1.ResourceList) bool {
	for name, q := range requests {
		if q.Value() > 0 && !slices.ContainsFunc(models, func(m clusterv1alpha1.ResourceModel) bool {
			return slices.ContainsFunc(m.Ranges, func(r clusterv1alpha1.ResourceModelRange) bool { return r.Name == name })
		}) {
			return true
		}
	}
	return false
}
