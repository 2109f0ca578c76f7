package distribute

// Strategy is a replica scheduling strategy, named as in Karmada's scheduler.
type Strategy string

const (
	// Duplicated gives every candidate cluster the full replica count
	// (Karmada replicaSchedulingType: Duplicated).
	Duplicated Strategy = "Duplicated"
	// StaticWeight divides replicas by the static weights of the policy's
	// staticWeightList (Karmada Divided + Weighted without dynamicWeight).
	StaticWeight Strategy = "StaticWeight"
	// DynamicWeight divides replicas by the clusters' available replicas
	// (Karmada Divided + Weighted with dynamicWeight: AvailableReplicas).
	DynamicWeight Strategy = "DynamicWeight"
	// Aggregated packs replicas into as few clusters as possible, largest
	// available capacity first (Karmada Divided + Aggregated).
	Aggregated Strategy = "Aggregated"
)

// Strategies lists every strategy Divide accepts, in documentation order.
func Strategies() []Strategy {
	return []Strategy{Duplicated, StaticWeight, DynamicWeight, Aggregated}
}

// Valid reports whether s is one of the strategies Divide accepts.
func (s Strategy) Valid() bool {
	switch s {
	case Duplicated, StaticWeight, DynamicWeight, Aggregated:
		return true
	}
	return false
}
