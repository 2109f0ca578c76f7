package distribute

import (
	"encoding/json"
	"fmt"
	"strings"
)

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
	var parts []string
	if e.Weight > 0 {
		parts = append(parts, fmt.Sprintf("weight %d (%s, share %.1f%%)", e.Weight, e.WeightSource, 100*e.Share))
	}
	if e.Previous > 0 {
		parts = append(parts, fmt.Sprintf("previously %d, kept %d", e.Previous, e.Kept))
	}
	if e.Added > 0 {
		parts = append(parts, fmt.Sprintf("won %d", e.Added))
	}
	if e.Limit != "" {
		parts = append(parts, "held at "+string(e.Limit))
	}
	if e.Excluded != "" {
		parts = append(parts, e.Excluded.Text())
	}
	return fmt.Sprintf("%d replicas: %s", e.Replicas, strings.Join(parts, "; "))
}

// MarshalJSON adds the rendered reason to the structured fields.
func (e ClusterExplanation) MarshalJSON() ([]byte, error) {
	type plain ClusterExplanation
	return json.Marshal(struct {
		plain
		Reason string `json:"reason"`
	}{plain(e), e.Reason()})
}
