package karmadacompat_test

import (
	"context"
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

// TestGeneralEstimateMatchesKarmada compares GeneralEstimate with Karmada's GeneralEstimator on
// random resource summaries and requests.
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
		cluster := &clusterv1alpha1.Cluster{Status: clusterv1alpha1.ClusterStatus{ResourceSummary: &clusterv1alpha1.ResourceSummary{
			Allocatable: c.Allocatable, Allocated: c.Allocated, Allocating: c.Allocating}}}
		res, err := estimator.MaxAvailableReplicas(context.Background(), []*clusterv1alpha1.Cluster{cluster}, requirements)
		require.NoError(t, err)
		var requests corev1.ResourceList
		if requirements != nil {
			requests = requirements.ResourceRequest
		}
		got := karmada.GeneralEstimate(c, requests)
		require.Equalf(t, res[0].Replicas, got, "seed %d case %d: capacity %+v, requests %v", seed, i, c, requests)
		if got > 0 {
			nonzero++
		}
	}
	require.Greater(t, nonzero, cases/20, "too few cases with room for a replica")
	t.Logf("%d cases, %d with room", cases, nonzero)
}
