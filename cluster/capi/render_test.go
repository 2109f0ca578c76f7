package capi_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/cluster"
	"github.com/fleetkit/fleetkit/cluster/capi"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// labSpec is a second shape next to the sample: no VIP, dual stack, a tainted GPU pool lagging one
// minor behind the control plane, percentages for the rollout budget.
func labSpec(t *testing.T) cluster.ClusterSpec {
	t.Helper()
	var s cluster.ClusterSpec
	require.NoError(t, yaml.UnmarshalStrict([]byte(`
name: lab
infra: docker
version: v1.31.4
network:
  podCIDRs: [192.168.0.0/16, "fd00:10:244::/56"]
  serviceCIDRs: [10.128.0.0/16, "fd00:10:96::/112"]
  serviceDomain: lab.local
controlPlane: {replicas: 1}
workers:
- name: gpu
  replicas: 2
  version: v1.30.9
  labels: {accelerator: nvidia-a100, node.kubernetes.io/pool: gpu}
  taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]
  maxSurge: 0
  maxUnavailable: 50%
`), &s))
	return s
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cluster/capi -update to create %s", path)
	assert.Equal(t, string(want), string(got))
}

func TestRenderGolden(t *testing.T) {
	for name, spec := range map[string]cluster.ClusterSpec{"onprem-idc.yaml": cluster.Sample(), "lab.yaml": labSpec(t)} {
		t.Run(name, func(t *testing.T) {
			objs, err := capi.Render(spec, capi.Options{Namespace: "clusters"})
			require.NoError(t, err)
			out, err := objs.YAML()
			require.NoError(t, err)
			golden(t, name, out)
		})
	}
}

func TestRenderSample(t *testing.T) {
	objs, err := capi.Render(cluster.Sample(), capi.Options{})
	require.NoError(t, err)
	assert.Equal(t, "default", objs.Cluster.Namespace)
	assert.Equal(t, "172.18.0.200", objs.Cluster.Spec.ControlPlaneEndpoint.Host)
	assert.Equal(t, objs.ControlPlane.Name, objs.Cluster.Spec.ControlPlaneRef.Name)
	assert.Equal(t, "v1.29.3", objs.ControlPlane.Spec.Version)
	assert.Equal(t, int32(3), *objs.ControlPlane.Spec.Replicas)
	require.Len(t, objs.MachineDeployments, 1)
	md := objs.MachineDeployments[0]
	assert.Equal(t, int32(5), *md.Spec.Replicas)
	assert.Equal(t, objs.ConfigTemplates[0].Name, md.Spec.Template.Spec.Bootstrap.ConfigRef.Name)
	assert.Subset(t, md.Spec.Template.Labels, md.Spec.Selector.MatchLabels)
	assert.Len(t, objs.All(), 7)
	assert.Len(t, objs.Core(), 4)

	files := objs.ControlPlane.Spec.KubeadmConfigSpec.Files
	require.Len(t, files, 1)
	assert.Equal(t, "/etc/kubernetes/manifests/kube-vip.yaml", files[0].Path)
	var pod corev1.Pod
	require.NoError(t, yaml.UnmarshalStrict([]byte(files[0].Content), &pod))
	assert.True(t, pod.Spec.HostNetwork)
	env := map[string]string{}
	for _, e := range pod.Spec.Containers[0].Env {
		env[e.Name] = e.Value
	}
	assert.Equal(t, "172.18.0.200", env["address"])
	assert.Equal(t, "6443", env["port"])
	assert.Equal(t, "eth0", env["vip_interface"])
	assert.Equal(t, capi.DefaultKubeVIPImage, pod.Spec.Containers[0].Image)
}

func TestRenderWithoutVIP(t *testing.T) {
	objs, err := capi.Render(labSpec(t), capi.Options{KubeVIPImage: "registry.local/kube-vip:v0"})
	require.NoError(t, err)
	assert.Empty(t, objs.Cluster.Spec.ControlPlaneEndpoint.Host, "CAPD's load balancer supplies the endpoint")
	assert.Empty(t, objs.ControlPlane.Spec.KubeadmConfigSpec.Files)
	assert.Equal(t, "v1.30.9", objs.MachineDeployments[0].Spec.Template.Spec.Version, "the lagging pool keeps its kubelet version")
	reg := objs.ConfigTemplates[0].Spec.Template.Spec.JoinConfiguration.NodeRegistration
	require.NotNil(t, reg.Taints)
	assert.Equal(t, "nvidia.com/gpu", (*reg.Taints)[0].Key)
	assert.Equal(t, "accelerator=nvidia-a100,node.kubernetes.io/pool=gpu", *reg.KubeletExtraArgs[0].Value)
	_, dockerSpecFound := objs.Infrastructure[0].Object["spec"].(map[string]any)["controlPlaneEndpoint"]
	assert.False(t, dockerSpecFound)
}

func TestRenderRejectsBeforeRendering(t *testing.T) {
	bad := cluster.Sample()
	bad.Version = "v1.36.0"
	objs, err := capi.Render(bad, capi.Options{})
	assert.ErrorIs(t, err, cluster.ErrUnsupportedVersion)
	var ve *cluster.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "version", ve.Field)
	assert.Nil(t, objs.Cluster)

	even := cluster.Sample()
	even.ControlPlane.Replicas = 2
	_, err = capi.Render(even, capi.Options{})
	assert.ErrorIs(t, err, cluster.ErrEvenControlPlane)

	metal := cluster.Sample()
	metal.Infra = cluster.InfraBareMetal
	_, err = capi.Render(metal, capi.Options{})
	assert.ErrorIs(t, err, capi.ErrUnsupportedInfra)
	var re *capi.RenderError
	require.True(t, errors.As(err, &re))
	assert.Equal(t, "infra", re.Field)
}

// TestRenderBindsTheAPIServerPort: a port other than 6443 used to reach the Cluster's endpoint and
// kube-vip only, while kubeadm, told nothing, bound kube-apiserver to 6443 on every member.
func TestRenderBindsTheAPIServerPort(t *testing.T) {
	s := cluster.Sample()
	s.ControlPlane.Port = 8443
	objs, err := capi.Render(s, capi.Options{})
	require.NoError(t, err)
	cfg := objs.ControlPlane.Spec.KubeadmConfigSpec
	assert.Equal(t, int32(8443), objs.Cluster.Spec.ClusterNetwork.APIServerPort)
	assert.Equal(t, int32(8443), objs.Cluster.Spec.ControlPlaneEndpoint.Port)
	assert.Equal(t, int32(8443), cfg.InitConfiguration.LocalAPIEndpoint.BindPort, "the first member")
	require.NotNil(t, cfg.JoinConfiguration.ControlPlane, "the joining members")
	assert.Equal(t, int32(8443), cfg.JoinConfiguration.ControlPlane.LocalAPIEndpoint.BindPort)

	objs, err = capi.Render(cluster.Sample(), capi.Options{})
	require.NoError(t, err)
	cfg = objs.ControlPlane.Spec.KubeadmConfigSpec
	assert.Zero(t, cfg.InitConfiguration.LocalAPIEndpoint.BindPort, "6443 is kubeadm's default, left unset")
	assert.Nil(t, cfg.JoinConfiguration.ControlPlane)
}

// TestRenderPutsThePortOnCAPDsLoadBalancerWithoutAVIP: without a VIP the endpoint is CAPD's load
// balancer, which listens on the DockerCluster's endpoint port and forwards to 6443 on every member
// (hard-coded in CAPD); binding the members to the spec's port would leave it nothing to forward to.
func TestRenderPutsThePortOnCAPDsLoadBalancerWithoutAVIP(t *testing.T) {
	s := labSpec(t)
	s.ControlPlane.Port = 8443
	objs, err := capi.Render(s, capi.Options{})
	require.NoError(t, err)
	cfg := objs.ControlPlane.Spec.KubeadmConfigSpec
	assert.Zero(t, cfg.InitConfiguration.LocalAPIEndpoint.BindPort, "members keep 6443, the load balancer's backend port")
	assert.Nil(t, cfg.JoinConfiguration.ControlPlane)
	assert.Equal(t, map[string]any{"port": int64(8443)}, objs.Infrastructure[0].Object["spec"].(map[string]any)["controlPlaneEndpoint"],
		"the load balancer listens on the spec's port; CAPD fills in its host")
	assert.Empty(t, objs.Cluster.Spec.ControlPlaneEndpoint.Host, "CAPD's load balancer supplies the endpoint")
}

// TestRenderRefusesAPoolNamedLikeTheControlPlane: a pool named "control-plane" used to render a
// DockerMachineTemplate with the control plane's name, so one of the two could not be created.
func TestRenderRefusesAPoolNamedLikeTheControlPlane(t *testing.T) {
	s := cluster.Sample()
	s.Workers = append(s.Workers, cluster.WorkerPool{Name: cluster.ReservedPoolName, Replicas: 1})
	objs, err := capi.Render(s, capi.Options{})
	require.ErrorIs(t, err, cluster.ErrInvalid)
	var ve *cluster.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "workers[1].name", ve.Field)
	assert.Nil(t, objs.Cluster)

	s.Workers[1].Name = "control-plane-spare"
	objs, err = capi.Render(s, capi.Options{})
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, o := range objs.All() {
		key := o.GetObjectKind().GroupVersionKind().Kind + "/" + o.GetName()
		assert.False(t, seen[key], "two objects named %s", key)
		seen[key] = true
	}
}

// TestRenderRefusesAnInvalidNamespace: a namespace the API server refuses used to be written into every
// object.
func TestRenderRefusesAnInvalidNamespace(t *testing.T) {
	for _, ns := range []string{"Clusters", "team_a", "a.b", strings.Repeat("n", 64)} {
		objs, err := capi.Render(cluster.Sample(), capi.Options{Namespace: ns})
		require.ErrorIs(t, err, capi.ErrInvalidOptions, ns)
		var re *capi.RenderError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "namespace", re.Field)
		assert.Contains(t, re.Reason, "DNS-1123 label")
		assert.Nil(t, objs.Cluster)
	}
	_, err := capi.Render(cluster.Sample(), capi.Options{Namespace: "team-a"})
	require.NoError(t, err)
}

// TestUpgradeAndScaleChangeOnlyVersionsAndReplicas renders the specs of an upgrade plan and of a
// scale-out and checks that nothing but the version and replica fields moves between renders, so
// applying them rolls machines instead of replacing the cluster's objects.
func TestUpgradeAndScaleChangeOnlyVersionsAndReplicas(t *testing.T) {
	base := cluster.Sample()
	before := renderYAML(t, base)
	plan, err := cluster.PlanUpgrade(base, "v1.32.0", cluster.UpgradeOptions{})
	require.NoError(t, err)
	spec := base
	for _, step := range plan.Steps {
		spec = step.Apply(spec)
	}
	after := renderYAML(t, spec)
	assert.Equal(t, strings.ReplaceAll(before, "version: v1.29.3", "version: v1.32.0"), after)

	scaled, err := base.ScalePool("general", 8)
	require.NoError(t, err)
	assert.Equal(t, strings.Replace(before, "replicas: 5", "replicas: 8", 1), renderYAML(t, scaled))
}

// TestUpgradeStepRendersTheControlPlaneAlone: the first step of the default plan rendered the
// KubeadmControlPlane and the MachineDeployment both at v1.30.0, so Cluster API rolled the workers
// with the control plane.
func TestUpgradeStepRendersTheControlPlaneAlone(t *testing.T) {
	p, err := cluster.PlanUpgrade(cluster.Sample(), "v1.30.0", cluster.UpgradeOptions{})
	require.NoError(t, err)
	require.Len(t, p.Steps, 2)
	spec := p.Steps[0].Apply(cluster.Sample())
	o, err := capi.Render(spec, capi.Options{})
	require.NoError(t, err)
	assert.Equal(t, "v1.30.0", o.ControlPlane.Spec.Version)
	assert.Equal(t, "v1.29.3", o.MachineDeployments[0].Spec.Template.Spec.Version)
	o, err = capi.Render(p.Steps[1].Apply(spec), capi.Options{})
	require.NoError(t, err)
	assert.Equal(t, "v1.30.0", o.MachineDeployments[0].Spec.Template.Spec.Version)
}

func renderYAML(t *testing.T, s cluster.ClusterSpec) string {
	t.Helper()
	objs, err := capi.Render(s, capi.Options{})
	require.NoError(t, err)
	out, err := objs.YAML()
	require.NoError(t, err)
	return string(out)
}

func BenchmarkRender(b *testing.B) {
	s := cluster.Sample()
	for b.Loop() {
		if _, err := capi.Render(s, capi.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
