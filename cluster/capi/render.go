package capi

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/cluster"
)

// Objects are the rendered objects of one cluster.
type Objects struct {
	Cluster            *clusterv1.Cluster
	ControlPlane       *controlplanev1.KubeadmControlPlane
	MachineDeployments []*clusterv1.MachineDeployment
	ConfigTemplates    []*bootstrapv1.KubeadmConfigTemplate
	// Infrastructure holds the CAPD objects: the DockerCluster, then the control plane's and each
	// pool's DockerMachineTemplate.
	Infrastructure []*unstructured.Unstructured
}

// Render validates spec and renders it. An invalid spec (an unsupported version, an even control
// plane, overlapping CIDRs, ...) returns cluster's *ValidationError and nothing else, so it never
// reaches an API server; an infrastructure other than docker returns a *RenderError matching
// ErrUnsupportedInfra, and invalid options (a namespace that is not a DNS-1123 label) one matching
// ErrInvalidOptions.
func Render(spec cluster.ClusterSpec, opts Options) (Objects, error) {
	if err := opts.validate(); err != nil {
		return Objects{}, err
	}
	if err := cluster.Validate(spec); err != nil {
		return Objects{}, fmt.Errorf("capi: render %q: %w", spec.Name, err)
	}
	if spec.Infra != cluster.InfraDocker {
		return Objects{}, &RenderError{Field: "infra", Err: ErrUnsupportedInfra,
			Reason: fmt.Sprintf("%q has no renderer; only %q (CAPD) is supported", spec.Infra, cluster.InfraDocker)}
	}
	r := renderer{spec: spec, ns: opts.namespace(), opts: opts}
	out := Objects{Cluster: r.cluster(), ControlPlane: r.controlPlane()}
	out.Infrastructure = append(out.Infrastructure, r.dockerCluster(), r.dockerMachineTemplate(r.controlPlaneName()))
	for _, p := range spec.Workers {
		out.MachineDeployments = append(out.MachineDeployments, r.machineDeployment(p))
		out.ConfigTemplates = append(out.ConfigTemplates, r.configTemplate(p))
		out.Infrastructure = append(out.Infrastructure, r.dockerMachineTemplate(r.poolName(p)))
	}
	return out, nil
}

// Core returns the Cluster API core and kubeadm objects (everything but the CAPD ones); the zero
// Objects of a failed Render has none.
func (o Objects) Core() []client.Object {
	var out []client.Object
	if o.Cluster != nil {
		out = append(out, o.Cluster)
	}
	if o.ControlPlane != nil {
		out = append(out, o.ControlPlane)
	}
	for _, t := range o.ConfigTemplates {
		out = append(out, t)
	}
	for _, md := range o.MachineDeployments {
		out = append(out, md)
	}
	return out
}

// All returns every object in creation order: the infrastructure and bootstrap templates first,
// then the objects that reference them.
func (o Objects) All() []client.Object {
	var out []client.Object
	for _, u := range o.Infrastructure {
		out = append(out, u)
	}
	return append(out, o.Core()...)
}

// renderer carries what every object needs: the spec and where the objects live.
type renderer struct {
	spec cluster.ClusterSpec
	ns   string
	opts Options
}

// controlPlaneName names the control plane's objects; cluster.Validate keeps pools off the name.
func (r renderer) controlPlaneName() string { return r.spec.Name + "-" + cluster.ReservedPoolName }

func (r renderer) poolName(p cluster.WorkerPool) string { return r.spec.Name + "-" + p.Name }

// labels are the labels every rendered object carries, so `kubectl get -l` finds a cluster's objects.
func (r renderer) labels() map[string]string {
	return map[string]string{clusterv1.ClusterNameLabel: r.spec.Name}
}
