package stack

import "strconv"

// Options configure a plan. Zero values mean what an omitted field means in a file: one Prometheus
// per member, the replica label DefaultReplicaLabel, no extra labels.
type Options struct {
	// Replicas is the number of Prometheus servers per member: 1, or 2 and more for an HA group
	// whose members carry the same external labels but the replica label. Zero means 1.
	Replicas int `json:"replicas,omitempty"`
	// ReplicaLabel is the external label that tells the replicas of a member apart and that the
	// Querier deduplicates on (--query.replica-label). Empty means DefaultReplicaLabel.
	ReplicaLabel string `json:"replicaLabel,omitempty"`
	// ExtraLabels are added to every member's external labels (say env="prod").
	ExtraLabels map[string]string `json:"extraLabels,omitempty"`
	// MemberLabels copies member labels into external labels: member label key → external label
	// name. Every member must have every listed label.
	MemberLabels map[string]string `json:"memberLabels,omitempty"`
	// SidecarAddress is the host:port at which the Querier reaches a replica's Thanos sidecar
	// (gRPC), with the placeholders {fleet}, {cluster}, {region} and {replica} (the replica
	// index). Every sidecar's address must differ, so with Replicas > 1 it needs {replica}.
	SidecarAddress string `json:"sidecarAddress"`
	// Storage is the object storage the sidecars upload blocks to.
	Storage Storage `json:"storage"`
}

// replicas is the effective replica count.
func (o Options) replicas() int {
	if o.Replicas == 0 {
		return 1
	}
	return o.Replicas
}

// replicaLabel is the effective replica label.
func (o Options) replicaLabel() string {
	if o.ReplicaLabel == "" {
		return DefaultReplicaLabel
	}
	return o.ReplicaLabel
}

// maxReplicas bounds Replicas: an HA group is a pair, rarely three; more is a typo.
const maxReplicas = 5

func (o Options) problems() []*ValidationError {
	var out []*ValidationError
	if o.Replicas < 0 || o.Replicas > maxReplicas {
		out = append(out, invalid("options.replicas", "must be between 1 and %d (0 means 1), got %d", maxReplicas, o.Replicas))
	}
	out = append(out, replicaLabelProblems(o.ReplicaLabel)...)
	for name, value := range o.ExtraLabels {
		field := "options.extraLabels[" + name + "]"
		out = append(out, userLabelProblems(field, name, o.replicaLabel())...)
		if why := labelValueProblem(value); why != "" {
			out = append(out, invalid(field, "%s", why))
		}
	}
	seen := map[string]string{}
	for key, name := range o.MemberLabels {
		field := "options.memberLabels[" + key + "]"
		out = append(out, userLabelProblems(field, name, o.replicaLabel())...)
		if _, clash := o.ExtraLabels[name]; clash {
			out = append(out, invalid(field, "external label %q is also in options.extraLabels", name))
		}
		if other, dup := seen[name]; dup {
			out = append(out, invalid(field, "external label %q is also copied from member label %q", name, other))
		}
		seen[name] = key
	}
	out = append(out, sidecarAddressProblems(o.SidecarAddress, o.replicas())...)
	return append(out, o.Storage.problems("options.storage")...)
}

func replicaLabelProblems(name string) []*ValidationError {
	if name == "" {
		return nil
	}
	const field = "options.replicaLabel"
	if why := labelNameProblem(name); why != "" {
		return []*ValidationError{invalid(field, "%s", why)}
	}
	switch name {
	case FleetLabel, ClusterLabel, RegionLabel, OperatorInstanceLabel:
		return []*ValidationError{invalid(field, "%q is one of the labels that identify a member, not a replica", name)}
	}
	return nil
}

// userLabelProblems checks a label name the user adds: valid, and not one the plan or
// prometheus-operator sets itself.
func userLabelProblems(field, name, replicaLabel string) []*ValidationError {
	if why := labelNameProblem(name); why != "" {
		return []*ValidationError{invalid(field, "%s", why)}
	}
	if name == replicaLabel {
		return []*ValidationError{invalid(field, "%q is the replica label, which the plan sets per replica", name)}
	}
	for _, r := range reservedLabels {
		if name == r {
			return []*ValidationError{invalid(field, "%q is reserved: the plan or prometheus-operator sets it", name)}
		}
	}
	return nil
}

func quote(s string) string { return strconv.Quote(s) }
