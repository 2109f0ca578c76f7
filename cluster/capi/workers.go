package capi

import (
	"maps"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"

	"github.com/fleetkit/fleetkit/cluster"
)

func (r renderer) machineDeployment(p cluster.WorkerPool) *clusterv1.MachineDeployment {
	name := r.poolName(p)
	replicas := p.Replicas
	selector := map[string]string{clusterv1.ClusterNameLabel: r.spec.Name, clusterv1.MachineDeploymentNameLabel: name}
	return &clusterv1.MachineDeployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: clusterv1.GroupVersion.String(), Kind: "MachineDeployment"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: r.ns, Labels: r.labels()},
		Spec: clusterv1.MachineDeploymentSpec{
			ClusterName: r.spec.Name,
			Replicas:    &replicas,
			Selector:    metav1.LabelSelector{MatchLabels: selector},
			Rollout:     clusterv1.MachineDeploymentRolloutSpec{Strategy: rolloutStrategy(p)},
			Template: clusterv1.MachineTemplateSpec{
				ObjectMeta: clusterv1.ObjectMeta{Labels: maps.Clone(selector)},
				Spec: clusterv1.MachineSpec{
					ClusterName: r.spec.Name,
					Version:     cluster.CanonicalVersion(p.KubeletVersion(r.spec.Version)),
					Bootstrap: clusterv1.Bootstrap{ConfigRef: clusterv1.ContractVersionedObjectReference{
						APIGroup: bootstrapv1.GroupVersion.Group, Kind: "KubeadmConfigTemplate", Name: name,
					}},
					InfrastructureRef: r.infraTemplateRef(name),
				},
			},
		},
	}
}

// rolloutStrategy writes the pool's budget, or Cluster API's defaults, explicitly so the object
// says what a rollout will do without a defaulting webhook.
func rolloutStrategy(p cluster.WorkerPool) clusterv1.MachineDeploymentRolloutStrategy {
	surge, unavailable := intstr.FromInt32(1), intstr.FromInt32(0)
	if p.MaxSurge != nil {
		surge = *p.MaxSurge
	}
	if p.MaxUnavailable != nil {
		unavailable = *p.MaxUnavailable
	}
	return clusterv1.MachineDeploymentRolloutStrategy{
		Type: clusterv1.RollingUpdateMachineDeploymentStrategyType,
		RollingUpdate: clusterv1.MachineDeploymentRolloutStrategyRollingUpdate{
			MaxSurge: &surge, MaxUnavailable: &unavailable,
		},
	}
}

// configTemplate renders the pool's kubeadm join configuration: node labels through the kubelet's
// --node-labels and taints through kubeadm's node registration, so nodes register already
// labelled and tainted (no window in which workloads land on an untainted node).
func (r renderer) configTemplate(p cluster.WorkerPool) *bootstrapv1.KubeadmConfigTemplate {
	reg := bootstrapv1.NodeRegistrationOptions{}
	if labels := nodeLabelsArg(p.Labels); labels != "" {
		reg.KubeletExtraArgs = []bootstrapv1.Arg{{Name: "node-labels", Value: &labels}}
	}
	if len(p.Taints) > 0 {
		taints := make([]corev1.Taint, len(p.Taints))
		for i := range p.Taints {
			p.Taints[i].DeepCopyInto(&taints[i])
		}
		reg.Taints = &taints
	}
	return &bootstrapv1.KubeadmConfigTemplate{
		TypeMeta:   metav1.TypeMeta{APIVersion: bootstrapv1.GroupVersion.String(), Kind: "KubeadmConfigTemplate"},
		ObjectMeta: metav1.ObjectMeta{Name: r.poolName(p), Namespace: r.ns, Labels: r.labels()},
		Spec: bootstrapv1.KubeadmConfigTemplateSpec{Template: bootstrapv1.KubeadmConfigTemplateResource{
			Spec: bootstrapv1.KubeadmConfigSpec{JoinConfiguration: bootstrapv1.JoinConfiguration{NodeRegistration: reg}},
		}},
	}
}

// nodeLabelsArg renders labels as the kubelet's --node-labels value, sorted for stable output.
func nodeLabelsArg(labels map[string]string) string {
	pairs := make([]string, 0, len(labels))
	for k, v := range labels {
		pairs = append(pairs, k+"="+v)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ",")
}
