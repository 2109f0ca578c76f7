package cluster

import (
	"fmt"
)

// WorkerPolicy says when worker pools follow the control plane during an upgrade.
type WorkerPolicy string

const (
	// WorkersEveryStep upgrades every pool in the step after each control-plane step, so kubelets
	// are never more than one minor behind. It is the policy used when none is given.
	WorkersEveryStep WorkerPolicy = "EveryStep"
	// WorkersAtSkewLimit leaves pools alone until the next control-plane step would push them past
	// the kubelet skew limit, or the plan ends; with Cluster API's immutable machines this replaces
	// each worker once instead of once per minor.
	WorkersAtSkewLimit WorkerPolicy = "AtSkewLimit"
)

// UpgradeOptions tunes PlanUpgrade.
type UpgradeOptions struct {
	// Releases lists known patch releases ("v1.30.14", ...). An intermediate step targets the
	// newest listed patch of its minor; without one it targets MINOR.0 and says so in its reason.
	Releases []string `json:"releases,omitempty"`
	// Workers is the worker policy; empty means WorkersEveryStep.
	Workers WorkerPolicy `json:"workers,omitempty"`
}

// ActionKind says what an upgrade action changes.
type ActionKind string

// The things an upgrade action can change.
const (
	ActionControlPlane ActionKind = "control-plane"
	ActionWorkerPool   ActionKind = "worker-pool"
)

// UpgradePlan is an ordered list of steps taking a cluster from one version to another. The steps
// are carried out one at a time, each only after the previous one has rolled out (see UpgradeStep).
type UpgradePlan struct {
	Cluster string        `json:"cluster"`
	From    Version       `json:"from"`
	To      Version       `json:"to"`
	Steps   []UpgradeStep `json:"steps"`
}

// UpgradeStep either moves the control plane by at most one minor version (one action) or moves
// worker pools up to the version the control plane reached in an earlier step, never both: Cluster
// API does not order a KubeadmControlPlane and MachineDeployments changed together (outside
// ClusterClass), so workers given the new version in the same apply would roll at once and join
// kubelets newer than the control-plane machines still running the old one.
//
// The gate between steps is the caller's: apply step N+1 only once step N has rolled out. After a
// control-plane step that is when the KubeadmControlPlane reports status.observedGeneration equal
// to its metadata.generation, status.version equal to the step's version (status.version is the
// oldest version its machines run) and status.upToDateReplicas equal to its replicas; after a pool
// step, when each MachineDeployment it changed reports its upToDateReplicas and availableReplicas
// equal to its replicas. CheckChange refuses a spec that moves a pool past the running control
// plane's minor version, so a skipped gate between specs is caught before it reaches Cluster API.
type UpgradeStep struct {
	Number  int             `json:"number"`
	Actions []UpgradeAction `json:"actions"`
}

// UpgradeAction changes the version of the control plane or of one worker pool.
type UpgradeAction struct {
	Kind ActionKind `json:"kind"`
	// Target is "control-plane" or the pool's name.
	Target   string  `json:"target"`
	From     Version `json:"from"`
	To       Version `json:"to"`
	Replicas int32   `json:"replicas"`
	// Bounds is the rolling-replacement budget of the machines being replaced.
	Bounds RolloutBounds `json:"bounds"`
	Reason string        `json:"reason"`
}

// PlanUpgrade plans the upgrade of spec to target: one minor version per control-plane step, each
// followed by a step of the pools that follow it, every kubelet inside the skew the control plane
// allows at every point and never newer than the control plane.
// A target older than the current version is refused with ErrDowngrade; a target equal to it
// yields the steps (if any) that bring lagging pools up to it.
func PlanUpgrade(spec ClusterSpec, target string, opts UpgradeOptions) (UpgradePlan, error) {
	cur, err := parse(spec)
	if err != nil {
		return UpgradePlan{}, err
	}
	to, err := parseSupported("target", target)
	if err != nil {
		return UpgradePlan{}, err
	}
	if to.Compare(cur.version) < 0 {
		return UpgradePlan{}, invalidAs(ErrDowngrade, "target", "%s is older than the running %s", to, cur.version)
	}
	hops, err := planHops(cur.version, to, opts.Releases)
	if err != nil {
		return UpgradePlan{}, err
	}
	policy, err := workerPolicy(opts.Workers)
	if err != nil {
		return UpgradePlan{}, err
	}
	p := planner{spec: spec, cp: cur.version, pools: append([]Version(nil), cur.pools...), policy: policy}
	p.run(hops)
	return UpgradePlan{Cluster: spec.Name, From: cur.version, To: to, Steps: p.steps}, nil
}

func workerPolicy(w WorkerPolicy) (WorkerPolicy, error) {
	switch w {
	case "", WorkersEveryStep:
		return WorkersEveryStep, nil
	case WorkersAtSkewLimit:
		return w, nil
	default:
		return "", invalid("workers", "%q is not %s or %s", w, WorkersEveryStep, WorkersAtSkewLimit)
	}
}

// hop is one control-plane version to pass through, with why that patch was chosen.
type hop struct {
	version Version
	note    string
}

func planHops(from, to Version, releases []string) ([]hop, error) {
	newest, err := newestPatches(releases)
	if err != nil {
		return nil, err
	}
	if from.Minor == to.Minor {
		if from.Patch == to.Patch {
			return nil, nil
		}
		return []hop{{version: to, note: "patch release within " + minorName(to)}}, nil
	}
	var hops []hop
	for m := from.Minor + 1; m < to.Minor; m++ {
		if v, ok := newest[m]; ok {
			hops = append(hops, hop{version: v, note: "newest listed patch of " + minorName(v)})
			continue
		}
		v := Version{Major: 1, Minor: m}
		hops = append(hops, hop{version: v, note: fmt.Sprintf("no release of %s listed, using %s", minorName(v), v)})
	}
	return append(hops, hop{version: to, note: "the requested target"}), nil
}

func newestPatches(releases []string) (map[int]Version, error) {
	out := make(map[int]Version, len(releases))
	for i, r := range releases {
		v, err := ParseVersion(r)
		if err != nil {
			return nil, invalid(fmt.Sprintf("releases[%d]", i), "%v", err)
		}
		if cur, ok := out[v.Minor]; !ok || v.Compare(cur) > 0 {
			out[v.Minor] = v
		}
	}
	return out, nil
}

func minorName(v Version) string { return fmt.Sprintf("v%d.%d", v.Major, v.Minor) }
