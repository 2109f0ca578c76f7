package distribute

// Mode says which path of the division produced a Plan.
type Mode string

const (
	// ModePropagate means the object is not divided (no replicas and no replica
	// requirements, or a multi-component workload); every candidate is listed
	// with zero replicas.
	ModePropagate Mode = "Propagate"
	// ModeDuplicate means every candidate receives the full replica count.
	ModeDuplicate Mode = "Duplicate"
	// ModeStatic means a stateless division by static weights.
	ModeStatic Mode = "Static"
	// ModeFirstSchedule means nothing was placed on the candidates before; all
	// replicas are divided by available replicas.
	ModeFirstSchedule Mode = "FirstSchedule"
	// ModeScaleUp means the previous result is kept and only the new replicas are
	// divided by available replicas.
	ModeScaleUp Mode = "ScaleUp"
	// ModeScaleDown means the replicas are divided again in proportion to the
	// previous result.
	ModeScaleDown Mode = "ScaleDown"
	// ModeSteady means the previous result already holds exactly the replicas
	// wanted and is kept.
	ModeSteady Mode = "Steady"
	// ModeFresh means a reschedule was requested, or (bounds extension) keeping
	// the previous result would leave a cluster outside its bounds; all
	// replicas are divided by available plus previous replicas.
	ModeFresh Mode = "Fresh"
)

// Plan is the result of Divide: where the replicas go and why.
type Plan struct {
	// Strategy is the strategy that was applied.
	Strategy Strategy `json:"strategy"`
	// Mode is the path of the division that was taken.
	Mode Mode `json:"mode"`
	// Replicas is the requested replica count.
	Replicas int32 `json:"replicas"`
	// Divided is how many replicas this division handed out by weight (the
	// difference on scale up, everything on a first schedule, 0 when steady).
	Divided int32 `json:"divided"`
	// Assignments are the clusters that receive replicas. Duplicated and
	// Propagate keep candidate order; the other strategies list clusters by
	// name. Zero rows are dropped except in Propagate mode, as in Karmada.
	Assignments []Assignment `json:"assignments"`
	// Explanation has one entry per candidate and per previous cluster that is
	// no longer a candidate, ordered by cluster name.
	Explanation []ClusterExplanation `json:"explanation"`
}

// ClusterExplanation says why one cluster received its replicas. Reason
// renders it as a sentence; JSON output includes that sentence as "reason".
type ClusterExplanation struct {
	// Cluster is the cluster name.
	Cluster string `json:"cluster"`
	// Replicas is the cluster's final replica count.
	Replicas int32 `json:"replicas"`
	// Candidate is false for a cluster that only appears in the previous result.
	Candidate bool `json:"candidate"`
	// Weight is the weight the cluster had in this division (0 = took no part).
	Weight int64 `json:"weight"`
	// WeightSource names what the weight was derived from.
	WeightSource WeightSource `json:"weightSource,omitempty"`
	// Share is Weight divided by the sum of the weights in the division.
	Share float64 `json:"share"`
	// Previous is the cluster's replicas in the previous result.
	Previous int32 `json:"previous"`
	// Kept is how many of Replicas were kept from the previous result.
	Kept int32 `json:"kept"`
	// Added is how many of Replicas were won in this division.
	Added int32 `json:"added"`
	// Excluded says why the cluster received nothing ("" when it holds
	// replicas, kept or won).
	Excluded Exclusion `json:"excluded,omitempty"`
	// Limit names the bound the cluster's result sits at, if one was binding
	// (options beyond Karmada only).
	Limit Limit `json:"limit,omitempty"`
}

// ReplicasOf returns the replicas the plan places on cluster (0 if none).
func (p Plan) ReplicasOf(cluster string) int32 {
	for _, a := range p.Assignments {
		if a.Cluster == cluster {
			return a.Replicas
		}
	}
	return 0
}

// Total returns the sum of the plan's assigned replicas.
func (p Plan) Total() int64 {
	var sum int64
	for _, a := range p.Assignments {
		sum += int64(a.Replicas)
	}
	return sum
}
