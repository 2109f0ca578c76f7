package cluster

import (
	"fmt"
)

// ChangeKind says how a pool changes between two specs.
type ChangeKind string

// The ways a pool (or the control plane) can change size.
const (
	ChangeUnchanged ChangeKind = "unchanged"
	ChangeScaleUp   ChangeKind = "scale-up"
	ChangeScaleDown ChangeKind = "scale-down"
	ChangeAdded     ChangeKind = "added"
	ChangeRemoved   ChangeKind = "removed"
)

// ScalePlan lists how the control plane and every pool change size between two specs.
type ScalePlan struct {
	Cluster      string       `json:"cluster"`
	ControlPlane SizeChange   `json:"controlPlane"`
	Pools        []PoolChange `json:"pools"`
}

// SizeChange is a replica count moving from From to To.
type SizeChange struct {
	Kind ChangeKind `json:"kind"`
	From int32      `json:"from"`
	To   int32      `json:"to"`
}

// PoolChange is one pool's size change, with the rolling budget that applies at the new size.
type PoolChange struct {
	Pool string `json:"pool"`
	SizeChange
	// Bounds is the pool's surge/unavailable budget resolved at To: it governs later rollouts
	// (upgrades, template changes) of the resized pool.
	Bounds RolloutBounds `json:"bounds"`
	Reason string        `json:"reason"`
}

// Changed returns the pools whose size changes, in plan order.
func (p ScalePlan) Changed() []PoolChange {
	var out []PoolChange
	for _, c := range p.Pools {
		if c.Kind != ChangeUnchanged {
			out = append(out, c)
		}
	}
	return out
}

// PlanScale compares two specs of the same cluster and says which pools change size and how.
// Both specs must be valid and agree on versions: the control plane's and each kept pool's kubelet
// version (its own, or the cluster's when empty), since a MachineDeployment given a new version
// replaces every machine. A version change is an upgrade (PlanUpgrade).
// Pools are listed in desired order, then the removed ones in current order.
func PlanScale(current, desired ClusterSpec) (ScalePlan, error) {
	if err := CheckChange(current, desired); err != nil {
		return ScalePlan{}, err
	}
	if CanonicalVersion(current.Version) != CanonicalVersion(desired.Version) {
		return ScalePlan{}, invalid("version", "changes from %s to %s: plan version changes with PlanUpgrade", current.Version, desired.Version)
	}
	var errs []error
	for i, p := range desired.Workers {
		before, kept := current.Pool(p.Name)
		if !kept {
			continue
		}
		from, to := CanonicalVersion(before.KubeletVersion(current.Version)), CanonicalVersion(p.KubeletVersion(desired.Version))
		if from != to {
			errs = append(errs, invalid(fmt.Sprintf("workers[%d].version", i),
				"kubelet changes from %s to %s, which replaces every machine of the pool: plan version changes with PlanUpgrade", from, to))
		}
	}
	if err := joinSorted(errs); err != nil {
		return ScalePlan{}, err
	}
	plan := ScalePlan{Cluster: desired.Name, ControlPlane: sizeChange(current.ControlPlane.Replicas, desired.ControlPlane.Replicas)}
	for _, p := range desired.Workers {
		before, existed := current.Pool(p.Name)
		plan.Pools = append(plan.Pools, poolChange(before, p, existed))
	}
	for _, p := range current.Workers {
		if _, kept := desired.Pool(p.Name); !kept {
			plan.Pools = append(plan.Pools, PoolChange{Pool: p.Name, SizeChange: SizeChange{Kind: ChangeRemoved, From: p.Replicas},
				Reason: fmt.Sprintf("pool removed: its %d machine(s) are drained and deleted", p.Replicas)})
		}
	}
	return plan, nil
}

func sizeChange(from, to int32) SizeChange {
	kind := ChangeUnchanged
	switch {
	case to > from:
		kind = ChangeScaleUp
	case to < from:
		kind = ChangeScaleDown
	}
	return SizeChange{Kind: kind, From: from, To: to}
}

func poolChange(before, after WorkerPool, existed bool) PoolChange {
	// Bounds was validated by CheckChange, so it cannot fail here.
	bounds, _ := after.Bounds(after.Replicas)
	c := PoolChange{Pool: after.Name, SizeChange: sizeChange(before.Replicas, after.Replicas), Bounds: bounds}
	if !existed {
		c.Kind, c.From = ChangeAdded, 0
	}
	switch c.Kind {
	case ChangeAdded:
		c.Reason = fmt.Sprintf("new pool: %d machine(s) created", after.Replicas)
	case ChangeScaleUp:
		c.Reason = fmt.Sprintf("%d machine(s) created alongside the running ones; nothing is replaced", after.Replicas-before.Replicas)
	case ChangeScaleDown:
		c.Reason = fmt.Sprintf("%d machine(s) drained and deleted (chosen by the deletion order, Random by default)", before.Replicas-after.Replicas)
	default:
		c.Reason = "no change"
	}
	return c
}

// ScalePool returns a copy of s with the named pool resized.
func (s ClusterSpec) ScalePool(name string, replicas int32) (ClusterSpec, error) {
	out := s.DeepCopy()
	for i := range out.Workers {
		if out.Workers[i].Name == name {
			if replicas < 0 {
				return ClusterSpec{}, invalid(fmt.Sprintf("workers[%d].replicas", i), "must not be negative, got %d", replicas)
			}
			out.Workers[i].Replicas = replicas
			return out, nil
		}
	}
	return ClusterSpec{}, invalid("workers", "no pool named %q", name)
}
