package fleet

import "slices"

// APIGroupVersion is one API group version a member serves and the kinds it serves in it — what
// Karmada's cluster-status controller reports in a Cluster's status.apiEnablements from the member's
// discovery API.
type APIGroupVersion struct {
	// GroupVersion is "group/version", or "v1" for the core group.
	GroupVersion string `json:"groupVersion"`
	// Resources are the kinds served in the group version.
	Resources []APIResource `json:"resources,omitempty"`
}

// APIResource is one kind served by a member.
type APIResource struct {
	// Name is the plural resource name ("deployments").
	Name string `json:"name"`
	// Kind is the kind ("Deployment").
	Kind string `json:"kind"`
}

// BuiltinAPIs returns the built-in Kubernetes workload and configuration APIs every conformant cluster
// serves: core v1 Pods, Services, ConfigMaps, Secrets, ServiceAccounts and PersistentVolumeClaims;
// apps/v1 Deployments, StatefulSets, ReplicaSets and DaemonSets; batch/v1 Jobs and CronJobs. A member
// whose APIs are not listed serves these. Each call returns a fresh copy.
func BuiltinAPIs() []APIGroupVersion {
	return []APIGroupVersion{
		{GroupVersion: "v1", Resources: []APIResource{
			{Name: "configmaps", Kind: "ConfigMap"}, {Name: "persistentvolumeclaims", Kind: "PersistentVolumeClaim"},
			{Name: "pods", Kind: "Pod"}, {Name: "secrets", Kind: "Secret"},
			{Name: "serviceaccounts", Kind: "ServiceAccount"}, {Name: "services", Kind: "Service"}}},
		{GroupVersion: "apps/v1", Resources: []APIResource{
			{Name: "daemonsets", Kind: "DaemonSet"}, {Name: "deployments", Kind: "Deployment"},
			{Name: "replicasets", Kind: "ReplicaSet"}, {Name: "statefulsets", Kind: "StatefulSet"}}},
		{GroupVersion: "batch/v1", Resources: []APIResource{
			{Name: "cronjobs", Kind: "CronJob"}, {Name: "jobs", Kind: "Job"}}},
	}
}

// ServedAPIs returns the member's APIs: APIs when listed (even empty), else BuiltinAPIs.
func (m Member) ServedAPIs() []APIGroupVersion {
	if m.APIs == nil {
		return BuiltinAPIs()
	}
	return m.APIs
}

// Serves reports whether the member serves kind in groupVersion (see ServedAPIs). It is the test
// Karmada's APIEnablement filter applies to a Cluster's status.apiEnablements.
func (m Member) Serves(groupVersion, kind string) bool {
	for _, gv := range m.ServedAPIs() {
		if gv.GroupVersion == groupVersion && slices.ContainsFunc(gv.Resources, func(r APIResource) bool { return r.Kind == kind }) {
			return true
		}
	}
	return false
}

// copyAPIs deep-copies a list of API group versions, keeping nil and empty apart.
func copyAPIs(in []APIGroupVersion) []APIGroupVersion {
	if in == nil {
		return nil
	}
	out := make([]APIGroupVersion, len(in))
	for i, gv := range in {
		out[i] = APIGroupVersion{GroupVersion: gv.GroupVersion, Resources: slices.Clone(gv.Resources)}
	}
	return out
}
