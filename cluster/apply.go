package cluster

// Apply returns the spec as it stands after the step: the control plane's version and the pools'
// kubelet versions moved as the step says. A pool that has caught up with the control plane has
// its Version cleared, so the final spec of a plan names one version only. Rendering each
// intermediate spec (cluster/capi) is how the plan is carried out through Cluster API.
func (s UpgradeStep) Apply(spec ClusterSpec) ClusterSpec {
	out := spec.DeepCopy()
	poolVersions := make(map[string]string, len(out.Workers))
	for _, p := range out.Workers {
		poolVersions[p.Name] = CanonicalVersion(p.KubeletVersion(spec.Version))
	}
	out.Version = CanonicalVersion(out.Version)
	for _, a := range s.Actions {
		switch a.Kind {
		case ActionControlPlane:
			out.Version = a.To.String()
		case ActionWorkerPool:
			poolVersions[a.Target] = a.To.String()
		}
	}
	for i := range out.Workers {
		out.Workers[i].Version = ""
		if v := poolVersions[out.Workers[i].Name]; v != out.Version {
			out.Workers[i].Version = v
		}
	}
	return out
}

// CanonicalVersion spells a version the way Version.String does (with its leading "v"), so "1.30.2"
// and "v1.30.2" compare equal; an unparsable string is kept as is for validation to report.
func CanonicalVersion(s string) string {
	if v, err := ParseVersion(s); err == nil {
		return v.String()
	}
	return s
}
