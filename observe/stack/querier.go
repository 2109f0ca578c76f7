package stack

// EndpointSDConfigPath is where Querier.Args expects the endpoint file, and Files writes it.
const EndpointSDConfigPath = "querier/endpoints.yml"

// Querier is a Thanos Query (v0.42) over every sidecar of the fleet.
type Querier struct {
	// Endpoints are the sidecars' gRPC addresses, sorted by cluster then replica.
	Endpoints []string `json:"endpoints"`
	// ReplicaLabels are the labels the Querier deduplicates on.
	ReplicaLabels []string `json:"replicaLabels"`
	// Args are the arguments of `thanos` that run the Querier with the endpoint file at
	// EndpointSDConfigPath. The endpoints come from the file (--endpoint.sd-config-file), which
	// Thanos re-reads, rather than from --endpoint, deprecated since v0.42.
	Args []string `json:"args"`
}

func newQuerier(p *Plan) Querier {
	q := Querier{ReplicaLabels: []string{p.ReplicaLabel}}
	for _, m := range p.Members {
		for _, r := range m.Replicas {
			q.Endpoints = append(q.Endpoints, r.SidecarAddress)
		}
	}
	q.Args = []string{"query", "--endpoint.sd-config-file=" + EndpointSDConfigPath}
	for _, l := range q.ReplicaLabels {
		q.Args = append(q.Args, "--query.replica-label="+l)
	}
	return q
}

// EndpointSDConfig renders the file of Thanos Query's --endpoint.sd-config-file: the EndpointConfig
// of thanos v0.42.4 (cmd/thanos/endpointset.go), one entry per sidecar with its address. The
// entries are not strict: a sidecar that fails its health check leaves the store set, and fleet
// queries report its cluster as missing instead of waiting on it.
func (q Querier) EndpointSDConfig() []byte {
	entries := make([]mapping, len(q.Endpoints))
	for i, addr := range q.Endpoints {
		entries[i] = mapping{{"address", addr}}
	}
	return mapping{{"endpoints", entries}}.bytes()
}
