package karmada_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	distkarmada "github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
	"github.com/fleetkit/fleetkit/internal/testenv"
)

// e2eMember is one member cluster of the end-to-end fleet: its own kube-apiserver.
type e2eMember struct {
	fleet.Member
	env    *testenv.Env
	client client.Client
}

// TestEndToEndWithRealKarmada runs a real fleet: three member kube-apiservers joined in push mode
// (ServiceAccount, cluster-admin binding, TokenRequest token) and registered with Register and
// WriteStatus; karmada-webhook, karmada-scheduler and karmada-controller-manager against the host,
// with the cluster, clusterStatus, binding, execution, workStatus and namespace controllers. The
// cluster-status controller reports readiness and APIs from the members themselves; with resource
// modelling off it keeps the capacity WriteStatus wrote (the members' API servers have no nodes). A Deployment is propagated by a
// PropagationPolicy and an OverridePolicy built with distribute/karmada; every member receives the
// Deployment with the replicas distribute/karmada.Schedule predicts and its own image, and follows a
// scale. Then a compiled FleetPolicy is distributed (checkPolicyDistribution).
func TestEndToEndWithRealKarmada(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "karmada-cluster")
	members := startMembers(ctx, t, r)

	k, err := env.StartKarmada(testenv.KarmadaOptions{Webhook: true, Scheduler: true, ControllerManager: true,
		Controllers: []string{"cluster", "clusterStatus", "binding", "execution", "workStatus", "namespace"}})
	require.NoError(t, err)
	defer func() { assert.NoError(t, k.Stop()) }()

	pp, op := e2ePolicies(t)
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "shop"}}))
	require.NoError(t, env.Create(ctx, pp))
	require.NoError(t, env.Create(ctx, op))
	deploy := e2eDeployment(6)
	require.NoError(t, env.Create(ctx, deploy))

	f := fleet.Fleet{Name: "e2e"}
	for _, m := range members {
		f.Members = append(f.Members, m.Member)
	}
	plan := predict(t, pp, f, deploy, nil)
	t.Logf("predicted for 6 replicas: %v", plan.Assignments)
	require.Len(t, plan.Assignments, 2, "the edge member's taint is not tolerated")
	waitMembers(ctx, t, k, members, plan)

	patch := client.MergeFrom(deploy.DeepCopy())
	deploy.Spec.Replicas = ptrTo(int32(11))
	require.NoError(t, env.Client.Patch(ctx, deploy, patch))
	scaled := predict(t, pp, f, deploy, plan.Assignments)
	t.Logf("predicted after scaling to 11: %v", scaled.Assignments)
	waitMembers(ctx, t, k, members, scaled)
	checkPolicyDistribution(ctx, t, members[0], members[1])
	require.NoError(t, k.Check())
}

func ptrTo[T any](v T) *T { return &v }

// startMembers starts three member API servers, joins and registers each.
func startMembers(ctx context.Context, t *testing.T, r *karmada.Registrar) []*e2eMember {
	t.Helper()
	capacity := func(pods, cpu string) fleet.Capacity {
		return fleet.Capacity{Allocatable: corev1.ResourceList{corev1.ResourcePods: resource.MustParse(pods), corev1.ResourceCPU: resource.MustParse(cpu)}}
	}
	members := []*e2eMember{
		{Member: fleet.Member{Name: "e2e-shanghai", Region: "cn-east", Provider: "aliyun", Capacity: capacity("110", "16")}},
		{Member: fleet.Member{Name: "e2e-beijing", Region: "cn-north", Provider: "onprem", Capacity: capacity("110", "8")}},
		{Member: fleet.Member{Name: "e2e-store", Region: "cn-south", Provider: "onprem", Capacity: capacity("30", "4"),
			Taints: []corev1.Taint{{Key: "edge", Effect: corev1.TaintEffectNoSchedule}}}},
	}
	for _, m := range members {
		menv, err := testenv.Start(testenv.Options{})
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, menv.Stop()) })
		m.env, m.client, m.APIEndpoint = menv, menv.Client, menv.Config.Host
		kubeconfig, err := karmada.Join(ctx, menv.Config, m.Name, karmada.JoinOptions{})
		require.NoError(t, err)
		_, err = r.Register(ctx, m.Member, kubeconfig)
		require.NoError(t, err)
		require.NoError(t, r.WriteStatus(ctx, m.Member))
	}
	return members
}

// e2ePolicies builds the PropagationPolicy (dynamic weights over all three members, no toleration
// for the store's taint) and an OverridePolicy giving each region its own registry.
func e2ePolicies(t *testing.T) (*policyv1alpha1.PropagationPolicy, *policyv1alpha1.OverridePolicy) {
	t.Helper()
	pp, err := distkarmada.NewPropagationPolicy("shop", "web").WithWorkload("apps/v1", "Deployment", "web").
		WithClusterAffinity(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"e2e-shanghai", "e2e-beijing", "e2e-store"}}).
		WithDynamicWeight().Build()
	require.NoError(t, err)
	op, err := distkarmada.NewOverridePolicy("shop", "web-registry").
		WithResourceSelector(policyv1alpha1.ResourceSelector{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}).
		WithImageOverride(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"e2e-shanghai"}}, policyv1alpha1.Registry,
			policyv1alpha1.OverriderOpReplace, "registry.cn-east.example").
		WithImageOverride(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"e2e-beijing"}}, policyv1alpha1.Registry,
			policyv1alpha1.OverriderOpReplace, "registry.cn-north.example").
		Build()
	require.NoError(t, err)
	return pp, op
}

func e2eDeployment(replicas int32) *appsv1.Deployment {
	labels := map[string]string{"app": "web"}
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web"},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "web", Image: "registry.example/shop/web:1.0",
					Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}}}}}}}}
}

// predict is distribute/karmada's answer for the Deployment as stored (its UID picks the tie-break).
func predict(t *testing.T, pp *policyv1alpha1.PropagationPolicy, f fleet.Fleet, d *appsv1.Deployment, previous []distribute.Assignment) distribute.Plan {
	t.Helper()
	w, err := distkarmada.WorkloadFor(d)
	require.NoError(t, err)
	w.Previous = previous
	res, err := distkarmada.Schedule(pp.Spec.Placement, distkarmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	return res.Plan
}

// waitMembers waits until every member runs the Deployment as planned: the predicted replicas and
// its region's image on the planned members, no Deployment elsewhere.
func waitMembers(ctx context.Context, t *testing.T, k *testenv.KarmadaComponents, members []*e2eMember, plan distribute.Plan) {
	t.Helper()
	images := map[string]string{"e2e-shanghai": "registry.cn-east.example/shop/web:1.0", "e2e-beijing": "registry.cn-north.example/shop/web:1.0"}
	var last string
	for {
		last = ""
		for _, m := range members {
			want := plan.ReplicasOf(m.Name)
			var d appsv1.Deployment
			err := m.client.Get(ctx, client.ObjectKey{Namespace: "shop", Name: "web"}, &d)
			switch {
			case apierrors.IsNotFound(err) && want == 0:
			case err != nil:
				last += fmt.Sprintf("%s: %v; ", m.Name, err)
			case want == 0:
				last += fmt.Sprintf("%s: has a Deployment, none planned; ", m.Name)
			case *d.Spec.Replicas != want || d.Spec.Template.Spec.Containers[0].Image != images[m.Name]:
				last += fmt.Sprintf("%s: %d × %s, want %d × %s; ", m.Name, *d.Spec.Replicas, d.Spec.Template.Spec.Containers[0].Image,
					want, images[m.Name])
			}
		}
		if last == "" {
			return
		}
		require.NoError(t, k.Check())
		select {
		case <-ctx.Done():
			t.Fatalf("members did not converge: %s\nscheduler: %s\ncontroller-manager: %s", last,
				k.Logs(testenv.KarmadaScheduler, 2000), k.Logs(testenv.KarmadaControllerManager, 4000))
		case <-time.After(500 * time.Millisecond):
		}
	}
}
