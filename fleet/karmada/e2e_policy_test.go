package karmada_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"

	distkarmada "github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/policy"
)

// e2eFleetPolicy allows images from one registry, in namespace "policed" of the prod clusters.
const e2eFleetPolicy = `apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: e2e-registries}
spec:
  action: Enforce
  clusters: {matchLabels: {env: prod}}
  namespaces: {matchLabels: {kubernetes.io/metadata.name: policed}}
  rules:
    - restrictImageRegistries: {allowed: ["registry.corp.example/"]}
`

// checkPolicyDistribution distributes a compiled FleetPolicy through the real Karmada as `fleetctl policy
// compile --target karmada` prints it: the ValidatingAdmissionPolicies reach the prod member and are
// enforced there, while the Karmada control plane — an API server that runs the same admission plugin —
// admits the templates, so a prod-only policy does not deny what is bound for other clusters.
func checkPolicyDistribution(ctx context.Context, t *testing.T, prod, other *e2eMember) {
	t.Helper()
	cluster := &clusterv1alpha1.Cluster{}
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: prod.Name}, cluster))
	patch := client.MergeFrom(cluster.DeepCopy())
	cluster.Labels["env"] = "prod"
	require.NoError(t, env.Client.Patch(ctx, cluster, patch))

	p, err := policy.Load([]byte(e2eFleetPolicy))
	require.NoError(t, err)
	objs, err := policy.Compile(p, policy.TargetVAP)
	require.NoError(t, err)
	pl, err := policy.PlacementOf(p, objs)
	require.NoError(t, err)
	cpp, err := distkarmada.PropagateObjects(pl.Meta, pl.Clusters, pl.Objects...)
	require.NoError(t, err)
	cop, err := distkarmada.OverrideObjects(pl.Meta, pl.Clusters, pl.MemberOverride.Path, pl.MemberOverride.Value, pl.MemberOverride.Objects...)
	require.NoError(t, err)
	for _, o := range append(pl.Objects, cop, cpp) { // fleetctl's order: overrides before propagation
		require.NoError(t, env.Create(ctx, o.(client.Object)))
	}

	// The control plane admits a template that breaks the policy.
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "policed"}}))
	time.Sleep(2 * time.Second) // the API server's policy informer has seen the bindings
	require.NoError(t, env.Create(ctx, policedDeployment("in-control-plane")), "the control plane enforced a member policy")

	// The prod member holds the bindings as compiled and denies the same Deployment.
	for _, m := range []*e2eMember{prod, other} { // Karmada's namespace controller may have made it already
		if err := m.client.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "policed"}}); !apierrors.IsAlreadyExists(err) {
			require.NoError(t, err)
		}
	}
	// Up to two minutes: on two loaded cores Karmada's controllers have taken over a minute to place and
	// override the binding (a CI run with other test processes on the machine).
	require.Eventually(t, func() bool {
		b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{}
		return prod.client.Get(ctx, client.ObjectKey{Name: "e2e-registries-workloads"}, b) == nil &&
			b.Spec.MatchResources != nil && b.Spec.MatchResources.ObjectSelector != nil &&
			len(b.Spec.MatchResources.ObjectSelector.MatchExpressions) == 0
	}, 2*time.Minute, 200*time.Millisecond, "the binding reaches the prod member with its compiled object selector")
	var denial error
	require.Eventually(t, func() bool {
		denial = prod.client.Create(ctx, policedDeployment("on-prod"))
		if denial == nil {
			_ = prod.client.Delete(ctx, policedDeployment("on-prod"))
		}
		return apierrors.IsInvalid(denial) || apierrors.IsForbidden(denial)
	}, 30*time.Second, 200*time.Millisecond, "the prod member enforces the policy")
	assert.Contains(t, denial.Error(), "e2e-registries")

	// The other member holds no binding and admits it.
	err = other.client.Get(ctx, client.ObjectKey{Name: "e2e-registries-workloads"}, &admissionregistrationv1.ValidatingAdmissionPolicyBinding{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
	require.NoError(t, other.client.Create(ctx, policedDeployment("on-other")))
}

// policedDeployment is a Deployment in namespace policed with an image from a registry the policy refuses.
func policedDeployment(name string) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: "policed", Name: name},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "c", Image: "docker.io/library/nginx:1.27"}}}}}}
}
