package capi

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
)

func (r renderer) cluster() *clusterv1.Cluster {
	s := r.spec
	c := &clusterv1.Cluster{
		TypeMeta:   metav1.TypeMeta{APIVersion: clusterv1.GroupVersion.String(), Kind: "Cluster"},
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: r.ns, Labels: r.labels()},
		Spec: clusterv1.ClusterSpec{
			ClusterNetwork: clusterv1.ClusterNetwork{
				APIServerPort: s.ControlPlane.APIServerPort(),
				Pods:          clusterv1.NetworkRanges{CIDRBlocks: append([]string(nil), s.Network.PodCIDRs...)},
				Services:      clusterv1.NetworkRanges{CIDRBlocks: append([]string(nil), s.Network.ServiceCIDRs...)},
				ServiceDomain: s.Network.ServiceDomain,
			},
			ControlPlaneRef: clusterv1.ContractVersionedObjectReference{
				APIGroup: controlplanev1.GroupVersion.Group, Kind: "KubeadmControlPlane", Name: r.controlPlaneName(),
			},
			InfrastructureRef: clusterv1.ContractVersionedObjectReference{
				APIGroup: InfrastructureGroup, Kind: "DockerCluster", Name: s.Name,
			},
		},
	}
	if s.ControlPlane.VIP != "" {
		// With a VIP the endpoint is known up front; without one CAPD's load balancer supplies it.
		c.Spec.ControlPlaneEndpoint = clusterv1.APIEndpoint{Host: s.ControlPlane.VIP, Port: s.ControlPlane.APIServerPort()}
	}
	return c
}
