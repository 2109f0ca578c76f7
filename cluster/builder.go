package cluster

// Builder assembles a ClusterSpec. The name and version are required; everything else is set with
// WithX methods. Build validates the result and returns every problem at once.
type Builder struct {
	spec ClusterSpec
}

// NewSpec starts a spec for the named cluster at the given Kubernetes version.
func NewSpec(name, version string) *Builder {
	return &Builder{spec: ClusterSpec{Name: name, Version: version}}
}

// WithInfra sets the infrastructure type.
func (b *Builder) WithInfra(t InfraType) *Builder {
	b.spec.Infra = t
	return b
}

// WithPodCIDRs sets the pod ranges (one, or one per IP family).
func (b *Builder) WithPodCIDRs(cidrs ...string) *Builder {
	b.spec.Network.PodCIDRs = append([]string(nil), cidrs...)
	return b
}

// WithServiceCIDRs sets the service ranges (one, or one per IP family).
func (b *Builder) WithServiceCIDRs(cidrs ...string) *Builder {
	b.spec.Network.ServiceCIDRs = append([]string(nil), cidrs...)
	return b
}

// WithServiceDomain sets the cluster DNS domain.
func (b *Builder) WithServiceDomain(domain string) *Builder {
	b.spec.Network.ServiceDomain = domain
	return b
}

// WithControlPlane sets the control-plane replica count and its virtual IP ("" for none).
func (b *Builder) WithControlPlane(replicas int32, vip string) *Builder {
	b.spec.ControlPlane.Replicas = replicas
	b.spec.ControlPlane.VIP = vip
	return b
}

// WithAPIServerPort sets the kube-apiserver port behind the VIP.
func (b *Builder) WithAPIServerPort(port int32) *Builder {
	b.spec.ControlPlane.Port = port
	return b
}

// WithVIPInterface sets the interface kube-vip announces the VIP on.
func (b *Builder) WithVIPInterface(name string) *Builder {
	b.spec.ControlPlane.Interface = name
	return b
}

// WithWorkerPool appends a worker pool; its maps and slices are copied.
func (b *Builder) WithWorkerPool(p WorkerPool) *Builder {
	b.spec.Workers = append(b.spec.Workers, p.DeepCopy())
	return b
}

// Build validates the spec and returns a copy the builder no longer shares.
func (b *Builder) Build() (ClusterSpec, error) {
	if err := Validate(b.spec); err != nil {
		return ClusterSpec{}, err
	}
	return b.spec.DeepCopy(), nil
}
