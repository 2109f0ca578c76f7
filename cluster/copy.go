package cluster

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"maps"
)

// DeepCopy returns a copy of s that shares no maps, slices or pointers with it, so planners and
// builders can derive new specs without aliasing the caller's.
func (s ClusterSpec) DeepCopy() ClusterSpec {
	out := s
	out.Network.PodCIDRs = append([]string(nil), s.Network.PodCIDRs...)
	out.Network.ServiceCIDRs = append([]string(nil), s.Network.ServiceCIDRs...)
	if s.Workers != nil {
		out.Workers = make([]WorkerPool, len(s.Workers))
		for i, p := range s.Workers {
			out.Workers[i] = p.DeepCopy()
		}
	}
	return out
}

// DeepCopy returns a copy of p that shares no maps, slices or pointers with it.
func (p WorkerPool) DeepCopy() WorkerPool {
	out := p
	out.Labels = maps.Clone(p.Labels)
	if p.Taints != nil {
		out.Taints = make([]corev1.Taint, len(p.Taints))
		for i := range p.Taints {
			p.Taints[i].DeepCopyInto(&out.Taints[i])
		}
	}
	out.MaxSurge = copyIntOrString(p.MaxSurge)
	out.MaxUnavailable = copyIntOrString(p.MaxUnavailable)
	return out
}

func copyIntOrString(v *intstr.IntOrString) *intstr.IntOrString {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}
