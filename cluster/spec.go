package cluster

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// InfraType names the infrastructure a cluster's machines run on.
type InfraType string

// The infrastructure types a spec may name. cluster/capi renders InfraDocker (Cluster API's Docker
// provider, the local default); the others are accepted by the model and planners so that on-prem
// specs validate and plan, and are refused by renderers that do not support them.
const (
	InfraDocker    InfraType = "docker"
	InfraBareMetal InfraType = "baremetal"
	InfraVSphere   InfraType = "vsphere"
)

// DefaultAPIServerPort is the control-plane port used when ControlPlane.Port is zero, as kubeadm does.
const DefaultAPIServerPort int32 = 6443

// ClusterSpec is the desired shape of one cluster.
type ClusterSpec struct {
	// Name is the cluster's name, a DNS-1123 label.
	Name string `json:"name"`
	// Infra is the infrastructure the machines run on.
	Infra InfraType `json:"infra"`
	// Version is the Kubernetes version of the control plane, such as "v1.29.3".
	Version string `json:"version"`
	// Network holds the pod and service ranges.
	Network Network `json:"network"`
	// ControlPlane sizes the control plane and names its virtual IP.
	ControlPlane ControlPlane `json:"controlPlane"`
	// Workers are the worker pools, each rendered as one MachineDeployment.
	Workers []WorkerPool `json:"workers,omitempty"`
}

// Network holds the cluster's address ranges. Two ranges per list make a dual-stack cluster.
type Network struct {
	PodCIDRs     []string `json:"podCIDRs"`
	ServiceCIDRs []string `json:"serviceCIDRs"`
	// ServiceDomain is the cluster DNS domain; empty means "cluster.local", kubeadm's default.
	ServiceDomain string `json:"serviceDomain,omitempty"`
}

// ControlPlane sizes the control plane.
type ControlPlane struct {
	// Replicas must be odd so that etcd keeps quorum through the loss of (Replicas-1)/2 members.
	Replicas int32 `json:"replicas"`
	// VIP, when set, is the control-plane virtual IP announced by kube-vip.
	VIP string `json:"vip,omitempty"`
	// Port is the kube-apiserver port behind the VIP; zero means DefaultAPIServerPort.
	Port int32 `json:"port,omitempty"`
	// Interface is the network interface kube-vip announces the VIP on; empty lets kube-vip pick
	// the interface of the default route.
	Interface string `json:"interface,omitempty"`
}

// WorkerPool is a group of identical worker machines.
type WorkerPool struct {
	// Name is unique within the cluster, a DNS-1123 label other than ReservedPoolName; "<cluster>-<name>"
	// names the pool's objects, at most 63 characters.
	Name string `json:"name"`
	// Replicas is the number of machines.
	Replicas int32 `json:"replicas"`
	// Labels are node labels applied through kubelet registration.
	Labels map[string]string `json:"labels,omitempty"`
	// Taints are node taints applied through kubelet registration.
	Taints []corev1.Taint `json:"taints,omitempty"`
	// Version is the pool's kubelet version while it lags behind the control plane during an
	// upgrade; empty means the cluster's Version.
	Version string `json:"version,omitempty"`
	// MaxSurge bounds extra machines during a rolling replacement; nil means 1, Cluster API's default.
	MaxSurge *intstr.IntOrString `json:"maxSurge,omitempty"`
	// MaxUnavailable bounds missing machines during a rolling replacement; nil means 0, Cluster
	// API's default.
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
}

// APIServerPort returns the control-plane port with the kubeadm default applied.
func (c ControlPlane) APIServerPort() int32 {
	if c.Port == 0 {
		return DefaultAPIServerPort
	}
	return c.Port
}

// KubeletVersion returns the pool's version: its own when it lags, the cluster's otherwise.
func (p WorkerPool) KubeletVersion(clusterVersion string) string {
	if p.Version != "" {
		return p.Version
	}
	return clusterVersion
}

// Pool returns the worker pool with the given name.
func (s ClusterSpec) Pool(name string) (WorkerPool, bool) {
	for _, p := range s.Workers {
		if p.Name == name {
			return p, true
		}
	}
	return WorkerPool{}, false
}

// WorkerReplicas returns the total number of worker machines.
func (s ClusterSpec) WorkerReplicas() int32 {
	var n int32
	for _, p := range s.Workers {
		n += p.Replicas
	}
	return n
}
