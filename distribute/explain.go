package distribute

import "strconv"

// WeightSource names where a cluster's division weight came from.
type WeightSource string

const (
	// SourceStatic means the maximum weight of the staticWeightList rules matching the cluster.
	SourceStatic WeightSource = "static"
	// SourceDefault means no candidate had a static weight, so every candidate weighs 1.
	SourceDefault WeightSource = "default"
	// SourceAvailable means the cluster's available replicas (scale up, first schedule).
	SourceAvailable WeightSource = "available"
	// SourceAvailablePrevious means available plus previous replicas (fresh reschedule).
	SourceAvailablePrevious WeightSource = "available+previous"
	// SourcePrevious means the cluster's previous replicas (scale down).
	SourcePrevious WeightSource = "previous"
)

// Exclusion says why a cluster received no replicas.
type Exclusion string

const (
	// ExcludedNotDivided means the object is not divided (no replicas and no
	// replica requirements, or a multi-component workload).
	ExcludedNotDivided Exclusion = "NotDivided"
	// ExcludedNoWeight means no staticWeightList rule gives the cluster a weight.
	ExcludedNoWeight Exclusion = "NoStaticWeight"
	// ExcludedNoCapacity means the cluster's weight (available replicas) is 0.
	ExcludedNoCapacity Exclusion = "NoAvailableReplicas"
	// ExcludedNotNeeded means Aggregated filled the replicas with clusters ahead of it.
	ExcludedNotNeeded Exclusion = "NotNeededByAggregated"
	// ExcludedNotPrevious means a scale down divides only among the clusters of
	// the previous result.
	ExcludedNotPrevious Exclusion = "NotInPreviousResult"
	// ExcludedRemoved means the cluster is no longer a candidate; its previous
	// replicas were placed again on the candidates.
	ExcludedRemoved Exclusion = "NoLongerCandidate"
	// ExcludedRounding means the cluster took part but its share rounded to no seat.
	ExcludedRounding Exclusion = "ShareTooSmall"
)

// Limit names a bound that a cluster's result sits at.
type Limit string

const (
	// LimitMinimum means the cluster holds exactly its MinReplicas.
	LimitMinimum Limit = "minReplicas"
	// LimitMaximum means the cluster holds exactly its MaxReplicas.
	LimitMaximum Limit = "maxReplicas"
	// LimitAvailable means the cluster is full (CapStaticWeights or a bounded
	// dynamic division).
	LimitAvailable Limit = "available"
)

// Text is the exclusion as a sentence.
func (x Exclusion) Text() string {
	switch x {
	case ExcludedNotDivided:
		return "not divided: propagated with 0 replicas"
	case ExcludedNoWeight:
		return "excluded: no static weight rule matches it"
	case ExcludedNoCapacity:
		return "excluded: no available replicas"
	case ExcludedNotNeeded:
		return "excluded: Aggregated filled the replicas with larger clusters first"
	case ExcludedNotPrevious:
		return "excluded: a scale down divides only among the clusters of the previous result"
	case ExcludedRemoved:
		return "no longer a candidate: its previous replicas are placed again"
	case ExcludedRounding:
		return "its share rounded to no replica"
	}
	return string(x)
}

// Reason renders the explanation as one sentence.
func (e ClusterExplanation) Reason() string {
	return string(e.appendReason(make([]byte, 0, 96)))
}

// appendReason appends Reason's sentence to b. It is built with strconv rather than fmt: a plan of
// thousands of clusters renders one sentence per row (the numbers are those fmt's %d and %.1f print).
func (e ClusterExplanation) appendReason(b []byte) []byte {
	b = strconv.AppendInt(b, int64(e.Replicas), 10)
	b = append(b, " replicas: "...)
	sep := false
	part := func() {
		if sep {
			b = append(b, "; "...)
		}
		sep = true
	}
	if e.Weight > 0 {
		part()
		b = strconv.AppendInt(append(b, "weight "...), e.Weight, 10)
		b = append(append(append(b, " ("...), e.WeightSource...), ", share "...)
		b = append(strconv.AppendFloat(b, 100*e.Share, 'f', 1, 64), "%)"...)
	}
	if e.Previous > 0 {
		part()
		b = strconv.AppendInt(append(b, "previously "...), int64(e.Previous), 10)
		b = strconv.AppendInt(append(b, ", kept "...), int64(e.Kept), 10)
	}
	if e.Added > 0 {
		part()
		b = strconv.AppendInt(append(b, "won "...), int64(e.Added), 10)
	}
	if e.Limit != "" {
		part()
		b = append(append(b, "held at "...), e.Limit...)
	}
	if e.Excluded != "" {
		part()
		b = append(b, e.Excluded.Text()...)
	}
	return b
}
