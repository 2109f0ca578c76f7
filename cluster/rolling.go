package cluster

import (
	"k8s.io/apimachinery/pkg/util/intstr"
)

// RolloutBounds is a pool's rolling-update budget resolved to machine counts.
type RolloutBounds struct {
	// MaxSurge is how many machines may exist above Replicas while machines are replaced.
	MaxSurge int32 `json:"maxSurge"`
	// MaxUnavailable is how many machines may be missing below Replicas.
	MaxUnavailable int32 `json:"maxUnavailable"`
	// MinAvailable is Replicas - MaxUnavailable, the floor of serving machines.
	MinAvailable int32 `json:"minAvailable"`
	// Waves estimates the rounds a full replacement takes: Replicas / (MaxSurge + MaxUnavailable),
	// rounded up.
	Waves int32 `json:"waves"`
}

// Bounds resolves the pool's surge and unavailable budgets against replicas the way Deployments
// and MachineDeployments do: percentages of surge round up, of unavailability round down, and when
// both end at zero one machine may be unavailable so that a rollout can make progress. Both set to
// the integer 0 (an unset maxUnavailable is 0) is refused, as Cluster API's MachineDeployment webhook
// refuses it: only percentages that round to zero fall back to one unavailable machine.
func (p WorkerPool) Bounds(replicas int32) (RolloutBounds, error) {
	// Cluster API's defaults: one machine of surge, none unavailable.
	surgeVal, unavailVal := intstr.FromInt32(1), intstr.FromInt32(0)
	if p.MaxSurge != nil {
		surgeVal = *p.MaxSurge
	}
	if p.MaxUnavailable != nil {
		unavailVal = *p.MaxUnavailable
	}
	if isIntZero(surgeVal) && isIntZero(unavailVal) {
		return RolloutBounds{}, invalid("maxSurge", "maxSurge and maxUnavailable cannot both be 0: a rollout could neither add nor remove a machine")
	}
	surge, err := intstr.GetScaledValueFromIntOrPercent(&surgeVal, int(replicas), true)
	if err != nil || surge < 0 {
		return RolloutBounds{}, invalid("maxSurge", "%q is not a non-negative count or percentage", surgeVal.String())
	}
	unavail, err := intstr.GetScaledValueFromIntOrPercent(&unavailVal, int(replicas), false)
	if err != nil || unavail < 0 {
		return RolloutBounds{}, invalid("maxUnavailable", "%q is not a non-negative count or percentage", unavailVal.String())
	}
	if surge == 0 && unavail == 0 {
		unavail = 1
	}
	if unavail > int(replicas) {
		unavail = int(replicas)
	}
	b := RolloutBounds{MaxSurge: int32(surge), MaxUnavailable: int32(unavail), MinAvailable: replicas - int32(unavail)}
	if step := b.MaxSurge + b.MaxUnavailable; step > 0 && replicas > 0 {
		b.Waves = (replicas + step - 1) / step
	}
	return b, nil
}

func isIntZero(v intstr.IntOrString) bool { return v.Type == intstr.Int && v.IntVal == 0 }
