package distribute

// Request is the input of Divide: one workload, its strategy and the candidate
// clusters chosen by the placement, in the scheduler's candidate order.
type Request struct {
	// Strategy is the replica scheduling strategy.
	Strategy Strategy
	// Replicas is the workload's desired replica count (must be >= 0).
	Replicas int32
	// UID is the workload UID. When its FNV-1a 32-bit hash is odd, ties go to
	// the lexicographically larger cluster name; otherwise (and when empty) to
	// the smaller one.
	UID string
	// Fresh requests a complete recalculation that ignores the previous result
	// as a starting point (Karmada: rescheduleTriggeredAt after the last
	// scheduled time). It only changes DynamicWeight and Aggregated.
	Fresh bool
	// HasReplicaRequirements reports that the workload declares per-replica
	// resource requirements. It matters only when Replicas is 0: without it the
	// object is treated as a non-workload (a ConfigMap, a Service) and every
	// candidate is listed with zero replicas, as Karmada does.
	HasReplicaRequirements bool
	// MultiComponent marks a workload with more than one component (for
	// example a FlinkDeployment). Karmada does not divide those: every candidate
	// is listed with zero replicas.
	MultiComponent bool
	// Candidates are the clusters that passed placement, in candidate order.
	// Names must be unique; the list must not be empty.
	Candidates []Candidate
	// Previous is the last scheduling result in its recorded order (Karmada's
	// ResourceBinding spec.clusters). Rows naming clusters that are no longer
	// candidates are allowed: their replicas are placed again.
	Previous []Assignment
	// Options enables behaviour beyond Karmada. The zero value is Karmada-exact.
	Options Options
}

// Candidate is one cluster that may receive replicas.
type Candidate struct {
	// Name is the cluster name, unique within a Request.
	Name string
	// Weight is the static weight (StaticWeight only): the maximum weight over
	// the staticWeightList rules that match the cluster; 0 means no rule.
	Weight int64
	// Available is how many more replicas of this workload the cluster can
	// run, not counting its current replicas. Nil means unknown, which Karmada
	// treats as Replicas.
	Available *int32
	// MinReplicas is a lower bound on the cluster's final replicas (beyond
	// Karmada; StaticWeight and DynamicWeight only, and only when the
	// workload is divided: bounds on a propagated object are rejected). 0
	// means no bound. When any candidate is bounded, DynamicWeight keeps the
	// previous result only if every cluster stays within its bounds, and
	// otherwise divides all replicas afresh (Plan.Mode is Fresh). A minimum
	// above the cluster's previous plus available replicas is an
	// *UnschedulableError.
	MinReplicas int32
	// MaxReplicas is an upper bound on the cluster's final replicas (beyond
	// Karmada; StaticWeight and DynamicWeight only, see MinReplicas). Nil
	// means no bound.
	MaxReplicas *int32
}

// Assignment is a number of replicas placed on one cluster.
type Assignment struct {
	// Cluster is the cluster name.
	Cluster string `json:"cluster"`
	// Replicas is the number of replicas placed on the cluster.
	Replicas int32 `json:"replicas"`
}

// Replicas returns a pointer to n, for Candidate.Available and
// Candidate.MaxReplicas.
func Replicas(n int32) *int32 { return &n }

// availableOr returns the candidate's available replicas, or fallback when unknown.
func (c Candidate) availableOr(fallback int32) int32 {
	if c.Available == nil {
		return fallback
	}
	return *c.Available
}

// bounded reports whether the candidate uses the per-cluster bounds extension.
func (c Candidate) bounded() bool {
	return c.MinReplicas != 0 || c.MaxReplicas != nil
}

// boundField names the bound the candidate sets, MinReplicas first, for
// errors about its bounds as a whole.
func (c Candidate) boundField() string {
	if c.MinReplicas != 0 {
		return "minReplicas"
	}
	return "maxReplicas"
}
