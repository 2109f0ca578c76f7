package stack

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// The external labels every member's Prometheus carries. Thanos Query tells stores apart by their
// external label sets, and fleet queries scope and group by these names.
const (
	// FleetLabel carries the fleet's name.
	FleetLabel = "fleet"
	// ClusterLabel carries the member's name.
	ClusterLabel = "cluster"
	// RegionLabel carries the member's region.
	RegionLabel = "region"
	// DefaultReplicaLabel is the replica label when Options.ReplicaLabel is empty: the name
	// prometheus-operator gives it (Prometheus spec.replicaExternalLabelName), so plans for operator
	// and plain installs deduplicate on the same label.
	DefaultReplicaLabel = "prometheus_replica"
	// OperatorInstanceLabel is the external label prometheus-operator adds with the Prometheus
	// object's namespace/name (spec.prometheusExternalLabelName); user labels may not take it.
	OperatorInstanceLabel = "prometheus"
)

// reservedLabels are names a user label may not take: the fleet's own labels and the ones
// prometheus-operator sets itself, which take precedence over spec.externalLabels and would silently
// replace the user's value.
var reservedLabels = []string{FleetLabel, ClusterLabel, RegionLabel, DefaultReplicaLabel, OperatorInstanceLabel}

// Labels is a set of external labels.
type Labels map[string]string

// String renders the set in Prometheus' notation with names sorted: {cluster="a", fleet="f"}.
func (l Labels) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range slices.Sorted(maps.Keys(l)) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
		b.WriteString("=")
		b.WriteString(quote(l[name]))
	}
	b.WriteByte('}')
	return b.String()
}

// validLabelName reports whether name is a Prometheus label name in the classic character set
// ([a-zA-Z_][a-zA-Z0-9_]*), which every Prometheus and Thanos version accepts.
func validLabelName(name string) bool {
	if name == "" {
		return false
	}
	for i, c := range name {
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// labelNameProblem says why name cannot be a label name; "" when it can.
func labelNameProblem(name string) string {
	switch {
	case !validLabelName(name):
		return "must match [a-zA-Z_][a-zA-Z0-9_]*, got " + quote(name)
	case strings.HasPrefix(name, "__"):
		return "names starting with __ are reserved for Prometheus' internal use, got " + quote(name)
	}
	return ""
}

// labelValueProblem says why value cannot be an external label value; "" when it can. An empty
// value is refused: Prometheus drops the label, so two members could end up with the same set.
func labelValueProblem(value string) string {
	switch {
	case value == "":
		return "must not be empty (Prometheus drops a label with an empty value)"
	case !utf8.ValidString(value):
		return "must be valid UTF-8"
	}
	return ""
}
