package capi

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/fleetkit/fleetkit/cluster"
)

// CAPD's API group and the version rendered (served and stored since Cluster API v1.11).
const (
	InfrastructureGroup   = "infrastructure.cluster.x-k8s.io"
	InfrastructureVersion = "v1beta2"
)

func (r renderer) infraObject(kind, name string, spec map[string]any) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{"spec": spec}}
	u.SetAPIVersion(InfrastructureGroup + "/" + InfrastructureVersion)
	u.SetKind(kind)
	u.SetName(name)
	u.SetNamespace(r.ns)
	u.SetLabels(r.labels())
	return u
}

// dockerCluster renders the DockerCluster. With a VIP it carries the VIP as the endpoint, so CAPD
// reports the address kube-vip announces instead of its own load balancer's. Without one, a port
// other than 6443 is the port of CAPD's load balancer (the endpoint's port, which CAPD's webhook
// defaults to 6443); CAPD fills in the load balancer's address as the host.
func (r renderer) dockerCluster() *unstructured.Unstructured {
	spec := map[string]any{}
	port := int64(r.spec.ControlPlane.APIServerPort())
	switch vip := r.spec.ControlPlane.VIP; {
	case vip != "":
		spec["controlPlaneEndpoint"] = map[string]any{"host": vip, "port": port}
	case port != int64(cluster.DefaultAPIServerPort):
		spec["controlPlaneEndpoint"] = map[string]any{"port": port}
	}
	return r.infraObject("DockerCluster", r.spec.Name, spec)
}

// dockerMachineTemplate renders a DockerMachineTemplate. Its spec names no image: CAPD then runs
// kindest/node at the Machine's version, so an upgrade changes only the version fields and the
// (immutable) template can stay as it is.
func (r renderer) dockerMachineTemplate(name string) *unstructured.Unstructured {
	spec := map[string]any{"template": map[string]any{"spec": map[string]any{}}}
	return r.infraObject("DockerMachineTemplate", name, spec)
}
