package volcano_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

// expiringLister answers paged lists one item a page and, like kube-apiserver after etcd compacted the
// list's revision, answers 410 Expired to the second page; an unpaged list gets every item.
func expiringLister[T any](items []T, wrap func([]T, string) runtime.Object) k8stesting.ReactionFunc {
	return func(action k8stesting.Action) (bool, runtime.Object, error) {
		opts := action.(k8stesting.ListActionImpl).ListOptions
		switch {
		case opts.Limit == 0:
			return true, wrap(items, ""), nil
		case opts.Continue == "":
			return true, wrap(items[:1], "page-2"), nil
		default:
			return true, nil, apierrors.NewResourceExpired("The provided continue parameter is too old to display a consistent list result.")
		}
	}
}

func TestSnapshotRelistsWhenTheContinueTokenExpires(t *testing.T) {
	ready := corev1.NodeStatus{Allocatable: rl("cpu", "8", "pods", "110"),
		Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}
	nodes := []corev1.Node{{ObjectMeta: metav1.ObjectMeta{Name: "n1"}, Status: ready}, {ObjectMeta: metav1.ObjectMeta{Name: "n2"}, Status: ready}}
	pod := func(name, node string) corev1.Pod {
		return corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default"},
			Spec:   corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Resources: corev1.ResourceRequirements{Requests: rl("cpu", "1")}}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	}
	pods := []corev1.Pod{pod("a", "n1"), pod("b", "n2")}

	cs := fake.NewClientset()
	cs.PrependReactor("list", "nodes", expiringLister(nodes, func(items []corev1.Node, next string) runtime.Object {
		return &corev1.NodeList{ListMeta: metav1.ListMeta{Continue: next}, Items: items}
	}))
	cs.PrependReactor("list", "pods", expiringLister(pods, func(items []corev1.Pod, next string) runtime.Object {
		return &corev1.PodList{ListMeta: metav1.ListMeta{Continue: next}, Items: items}
	}))

	snap, err := volcano.New(cs, volcano.Options{PageSize: 1}).Snapshot(context.Background(), "c1")
	require.NoError(t, err, "an expired continue token is recovered by listing again, as client-go's pager does")
	require.Len(t, snap.Nodes, 2, "the first page's nodes are not kept twice")
	for _, n := range snap.Nodes {
		cpu := n.Requested[corev1.ResourceCPU]
		assert.Equal(t, "1", cpu.String(), "node %s: each pod counted once", n.Name)
	}
}

func TestSnapshotKeepsOtherListErrors(t *testing.T) {
	cs := fake.NewClientset()
	cs.PrependReactor("list", "nodes", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(corev1.Resource("nodes"), "", nil)
	})
	_, err := volcano.New(cs, volcano.Options{}).Snapshot(context.Background(), "c1")
	require.Error(t, err)
	assert.True(t, apierrors.IsForbidden(err), "the cause is wrapped: %v", err)
	assert.Contains(t, err.Error(), "volcano: list nodes of c1")
}
