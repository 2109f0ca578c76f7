package karmada_test

import (
	"context"
	"testing"
	"time"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

func TestStatusForMapsTheMember(t *testing.T) {
	m := sampleMember(t, "serving-sh")
	m.Capacity.Allocating = corev1.ResourceList{corev1.ResourcePods: resource.MustParse("7")}
	now := metav1.Now()
	st := karmada.StatusFor(m, now)

	ready := apimeta.FindStatusCondition(st.Conditions, clusterv1alpha1.ClusterConditionReady)
	require.NotNil(t, ready)
	assert.Equal(t, metav1.ConditionTrue, ready.Status)
	assert.True(t, apimeta.IsStatusConditionTrue(st.Conditions, clusterv1alpha1.ClusterConditionCompleteAPIEnablements))
	assert.Len(t, st.APIEnablements, len(fleet.BuiltinAPIs()), "a member without listed APIs serves the built-in ones")
	c := &clusterv1alpha1.Cluster{Status: st}
	assert.Equal(t, clusterv1alpha1.APIEnabled, c.APIEnablement(appsDeployment))
	assert.Equal(t, m.Capacity.Allocatable, st.ResourceSummary.Allocatable)
	assert.Equal(t, m.Capacity.Allocated, st.ResourceSummary.Allocated)
	assert.Equal(t, m.Capacity.Allocating, st.ResourceSummary.Allocating)

	m.NotReady = true
	m.APIs = []fleet.APIGroupVersion{}
	st = karmada.StatusFor(m, now)
	assert.True(t, apimeta.IsStatusConditionFalse(st.Conditions, clusterv1alpha1.ClusterConditionReady))
	c = &clusterv1alpha1.Cluster{Status: st}
	assert.Equal(t, clusterv1alpha1.APIDisabled, c.APIEnablement(appsDeployment), "an empty list serves nothing")
}

// WriteStatus plays Karmada's cluster-status and cluster controllers: the status is written, a
// member that is not ready carries the not-ready taint, and reading the Cluster back gives the member.
func TestWriteStatusRoundTrips(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "write-status")
	m := sampleMember(t, "training-bj")
	m.Name, m.NotReady = "ws-training", true
	m.APIs = []fleet.APIGroupVersion{{GroupVersion: "apps/v1", Resources: []fleet.APIResource{{Name: "deployments", Kind: "Deployment"}}}}
	m.Capacity.Allocating = corev1.ResourceList{corev1.ResourcePods: resource.MustParse("3")}
	_, err := r.Register(ctx, m, kubeconfigFor(t, m.APIEndpoint, nil))
	require.NoError(t, err)
	require.NoError(t, r.WriteStatus(ctx, m))

	var c clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.Equal(t, []string{"nvidia.com/gpu", clusterv1alpha1.TaintClusterNotReady}, taintKeys(c.Spec.Taints))
	back := karmada.MemberFromCluster(&c)
	assert.True(t, back.NotReady)
	assert.Equal(t, m.APIs, back.APIs)
	pods := back.Capacity.Allocating[corev1.ResourcePods]
	assert.Equal(t, int64(3), pods.Value())
	readyAt := apimeta.FindStatusCondition(c.Status.Conditions, clusterv1alpha1.ClusterConditionCompleteAPIEnablements).LastTransitionTime

	m.NotReady = false
	require.NoError(t, r.WriteStatus(ctx, m))
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.Equal(t, []string{"nvidia.com/gpu"}, taintKeys(c.Spec.Taints), "ready again: the not-ready taint goes")
	assert.False(t, karmada.MemberFromCluster(&c).NotReady)
	assert.Equal(t, readyAt, apimeta.FindStatusCondition(c.Status.Conditions, clusterv1alpha1.ClusterConditionCompleteAPIEnablements).LastTransitionTime,
		"an unchanged condition keeps its transition time")

	require.Error(t, r.WriteStatus(ctx, fleet.Member{Name: "ws-never-registered"}))
}

var appsDeployment = schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}

func taintKeys(taints []corev1.Taint) []string {
	var out []string
	for _, t := range taints {
		out = append(out, t.Key)
	}
	return out
}
