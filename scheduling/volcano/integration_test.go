package volcano_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/controller-runtime/pkg/client"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/scheduling"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Volcano}}, &env)
}

// createNode creates a Ready node and sets its status capacity and allocatable, as a kubelet would.
func createNode(ctx context.Context, t *testing.T, cs kubernetes.Interface, name string, alloc corev1.ResourceList) {
	t.Helper()
	n, err := cs.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"accelerator": "a100"}}}, metav1.CreateOptions{})
	require.NoError(t, err)
	n.Status.Capacity, n.Status.Allocatable = alloc, alloc
	n.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, LastHeartbeatTime: metav1.Now(), LastTransitionTime: metav1.Now()}}
	n, err = cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{})
	require.NoError(t, err)
	// The API server's TaintNodesByCondition admission taints a new node not-ready; the node
	// lifecycle controller (not running here) lifts it once the node reports Ready.
	require.Contains(t, n.Spec.Taints, corev1.Taint{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoSchedule})
	n.Spec.Taints = nil
	_, err = cs.CoreV1().Nodes().Update(ctx, n, metav1.UpdateOptions{})
	require.NoError(t, err)
}

func createPod(ctx context.Context, t *testing.T, cs kubernetes.Interface, name, node string, requests corev1.ResourceList) *corev1.Pod {
	t.Helper()
	p, err := cs.CoreV1().Pods("default").Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Name: "c", Image: "busybox",
			Resources: corev1.ResourceRequirements{Requests: requests, Limits: requests}}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	return p
}

// createJob submits a Volcano Job to the API server (strict validation against the real CRD) and
// reads it back, so the engine sees exactly what the server accepted.
func createJob(ctx context.Context, t *testing.T, name string, tasks ...batchv1alpha1.TaskSpec) *batchv1alpha1.Job {
	t.Helper()
	job := &batchv1alpha1.Job{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default"}, Spec: batchv1alpha1.JobSpec{Tasks: tasks}}
	require.NoError(t, env.Create(ctx, job))
	got := &batchv1alpha1.Job{}
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(job), got))
	return got
}

func TestIntegrationSnapshotAndCheck(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cs, err := kubernetes.NewForConfig(env.Config)
	require.NoError(t, err)
	for _, n := range []string{"gpu-1", "gpu-2"} {
		createNode(ctx, t, cs, n, rl("cpu", "32", "memory", "256Gi", "nvidia.com/gpu", "8", "pods", "110"))
		createPod(ctx, t, cs, "busy-"+n, n, rl("cpu", "4", "nvidia.com/gpu", "6"))
	}
	// A finished pod holds nothing.
	done := createPod(ctx, t, cs, "done", "gpu-1", rl("nvidia.com/gpu", "2"))
	done.Status.Phase = corev1.PodSucceeded
	_, err = cs.CoreV1().Pods("default").UpdateStatus(ctx, done, metav1.UpdateOptions{})
	require.NoError(t, err)

	snap, err := volcano.New(cs, volcano.Options{PageSize: 1}).Snapshot(ctx, "training")
	require.NoError(t, err)
	require.Len(t, snap.Nodes, 2)
	for _, n := range snap.Nodes {
		assert.False(t, n.NotReady)
		assert.Equal(t, "6", ptr(n.Requested["nvidia.com/gpu"]).String(), n.Name)
		assert.Equal(t, "1", ptr(n.Requested[corev1.ResourcePods]).String(), n.Name)
	}

	tests := []struct {
		job       string
		replicas  int32
		gpus      string
		verdict   scheduling.Verdict
		placement scheduling.Placement
	}{
		// 4 GPUs free in the cluster, but 2 per node: one 4-GPU pod does not fit.
		{"one-by-four", 1, "4", scheduling.Infeasible, nil},
		{"two-by-two", 2, "2", scheduling.Feasible, scheduling.Placement{"gpu-1": {"worker": 1}, "gpu-2": {"worker": 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.job, func(t *testing.T) {
			job := createJob(ctx, t, tt.job, task("worker", tt.replicas, nil, rl("nvidia.com/gpu", tt.gpus)))
			gang, err := volcano.FromJob(job)
			require.NoError(t, err)
			r, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{snap}, scheduling.Options{})
			require.NoError(t, err)
			res := r.Clusters[0]
			assert.Equal(t, tt.verdict, res.Verdict, res.Message)
			if tt.placement != nil {
				assert.Equal(t, tt.placement, res.Placement)
			} else {
				assert.Equal(t, fmt.Sprintf("Insufficient nvidia.com/gpu: need %s per pod, largest free 2", tt.gpus), res.Message)
			}
		})
	}
}
