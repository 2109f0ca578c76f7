package volcano

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	resourcehelper "k8s.io/component-helpers/resource"

	"github.com/fleetkit/fleetkit/scheduling"
)

// Options configure a Snapshotter.
type Options struct {
	// PageSize is the List page size; zero means DefaultPageSize.
	PageSize int64
}

// DefaultPageSize keeps each List response of a large cluster to a reasonable size.
const DefaultPageSize = 500

// boundPods selects pods that hold node resources: bound and not finished.
const boundPods = "spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed"

// Snapshotter builds a cluster's scheduling snapshot from its Nodes and Pods.
type Snapshotter struct {
	client kubernetes.Interface
	opts   Options
}

// New returns a Snapshotter over client.
func New(client kubernetes.Interface, opts Options) *Snapshotter {
	if opts.PageSize <= 0 {
		opts.PageSize = DefaultPageSize
	}
	return &Snapshotter{client: client, opts: opts}
}

// Snapshot lists the cluster's Nodes and bound, non-terminal Pods and builds the snapshot named
// cluster. Lists are paged (Options.PageSize); a page whose continue token expired is answered by one
// unpaged list of the same resource rather than an error.
func (s *Snapshotter) Snapshot(ctx context.Context, cluster string) (scheduling.ClusterSnapshot, error) {
	nodes, err := listAll(ctx, s.opts.PageSize, "", func(ctx context.Context, opts metav1.ListOptions) ([]corev1.Node, string, error) {
		l, err := s.client.CoreV1().Nodes().List(ctx, opts)
		if err != nil {
			return nil, "", err
		}
		return l.Items, l.Continue, nil
	})
	if err != nil {
		return scheduling.ClusterSnapshot{}, fmt.Errorf("volcano: list nodes of %s: %w", cluster, err)
	}
	pods, err := listAll(ctx, s.opts.PageSize, boundPods, func(ctx context.Context, opts metav1.ListOptions) ([]corev1.Pod, string, error) {
		l, err := s.client.CoreV1().Pods(metav1.NamespaceAll).List(ctx, opts)
		if err != nil {
			return nil, "", err
		}
		return l.Items, l.Continue, nil
	})
	if err != nil {
		return scheduling.ClusterSnapshot{}, fmt.Errorf("volcano: list pods of %s: %w", cluster, err)
	}
	return BuildSnapshot(cluster, nodes, pods), nil
}

// BuildSnapshot is the pure part of Snapshot: allocatable and readiness from each node, requested as
// the sum of the effective requests of the non-terminal pods bound to it (plus their number as
// "pods"), releasing as the same for the pods being deleted.
func BuildSnapshot(cluster string, nodes []corev1.Node, pods []corev1.Pod) scheduling.ClusterSnapshot {
	snap := scheduling.ClusterSnapshot{Name: cluster, Nodes: make([]scheduling.Node, 0, len(nodes))}
	index := make(map[string]int, len(nodes))
	for _, n := range nodes {
		index[n.Name] = len(snap.Nodes)
		snap.Nodes = append(snap.Nodes, scheduling.Node{
			Name: n.Name, Allocatable: n.Status.Allocatable.DeepCopy(),
			Requested: corev1.ResourceList{}, Releasing: corev1.ResourceList{},
			Labels: n.Labels, Taints: n.Spec.Taints, Unschedulable: n.Spec.Unschedulable, NotReady: !nodeReady(&n),
		})
	}
	for i := range pods {
		p := &pods[i]
		j, ok := index[p.Spec.NodeName]
		if !ok || p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
			continue
		}
		req := resourcehelper.PodRequests(p, resourcehelper.PodResourcesOptions{UseStatusResources: true})
		chargePod(snap.Nodes[j].Requested, req)
		if p.DeletionTimestamp != nil {
			chargePod(snap.Nodes[j].Releasing, req)
		}
	}
	return snap
}

func chargePod(into, req corev1.ResourceList) {
	one := resource.MustParse("1")
	for name, q := range req {
		sum := into[name]
		sum.Add(q)
		into[name] = sum
	}
	pods := into[corev1.ResourcePods]
	pods.Add(one)
	into[corev1.ResourcePods] = pods
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
