package capi

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"

	"github.com/fleetkit/fleetkit/cluster"
)

func (r renderer) controlPlane() *controlplanev1.KubeadmControlPlane {
	replicas := r.spec.ControlPlane.Replicas
	// One machine of surge: KCP then replaces members one at a time and etcd keeps its quorum.
	surge := intstr.FromInt32(1)
	kcp := &controlplanev1.KubeadmControlPlane{
		TypeMeta:   metav1.TypeMeta{APIVersion: controlplanev1.GroupVersion.String(), Kind: "KubeadmControlPlane"},
		ObjectMeta: metav1.ObjectMeta{Name: r.controlPlaneName(), Namespace: r.ns, Labels: r.labels()},
		Spec: controlplanev1.KubeadmControlPlaneSpec{
			Replicas: &replicas,
			Version:  cluster.CanonicalVersion(r.spec.Version),
			MachineTemplate: controlplanev1.KubeadmControlPlaneMachineTemplate{
				Spec: controlplanev1.KubeadmControlPlaneMachineTemplateSpec{
					InfrastructureRef: r.infraTemplateRef(r.controlPlaneName()),
				},
			},
			Rollout: controlplanev1.KubeadmControlPlaneRolloutSpec{
				Strategy: controlplanev1.KubeadmControlPlaneRolloutStrategy{
					Type:          controlplanev1.RollingUpdateStrategyType,
					RollingUpdate: controlplanev1.KubeadmControlPlaneRolloutStrategyRollingUpdate{MaxSurge: &surge},
				},
			},
		},
	}
	r.setBindPort(&kcp.Spec.KubeadmConfigSpec)
	if r.spec.ControlPlane.VIP != "" {
		r.addKubeVIP(&kcp.Spec.KubeadmConfigSpec)
	}
	return kcp
}

// setBindPort makes kube-apiserver listen on the spec's port behind a VIP, where kube-vip announces
// VIP:port on the member holding it. Cluster API passes the Cluster's apiServerPort to nothing;
// kubeadm binds the port of InitConfiguration's and a joining control-plane machine's
// LocalAPIEndpoint, 6443 when they are unset, and KCP reaches each member's API server on that same
// port. Without a VIP the members keep 6443: CAPD's load balancer listens on the DockerCluster's
// endpoint port and forwards to 6443 on every member, whatever the Cluster says (dockerCluster).
func (r renderer) setBindPort(cfg *bootstrapv1.KubeadmConfigSpec) {
	port := r.spec.ControlPlane.APIServerPort()
	if port == cluster.DefaultAPIServerPort || r.spec.ControlPlane.VIP == "" {
		return
	}
	cfg.InitConfiguration.LocalAPIEndpoint.BindPort = port
	cfg.JoinConfiguration.ControlPlane = &bootstrapv1.JoinControlPlane{LocalAPIEndpoint: bootstrapv1.APIEndpoint{BindPort: port}}
}

func (r renderer) infraTemplateRef(name string) clusterv1.ContractVersionedObjectReference {
	return clusterv1.ContractVersionedObjectReference{APIGroup: InfrastructureGroup, Kind: "DockerMachineTemplate", Name: name}
}

func (r renderer) addKubeVIP(cfg *bootstrapv1.KubeadmConfigSpec) {
	cfg.Files = append(cfg.Files, bootstrapv1.File{
		Path: kubeVIPManifestPath, Owner: "root:root", Permissions: "0644",
		Content: kubeVIPManifest(r.spec.ControlPlane, r.opts.kubeVIPImage()),
	})
	cfg.PreKubeadmCommands = append(cfg.PreKubeadmCommands, kubeVIPConfSwitch(adminConf, superAdminConf))
	cfg.PostKubeadmCommands = append(cfg.PostKubeadmCommands, kubeVIPConfSwitch(superAdminConf, adminConf))
}
