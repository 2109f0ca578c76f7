package cluster

import "fmt"

// planner walks the control plane through its hops and records the steps; pools holds each
// pool's kubelet version as the plan advances.
type planner struct {
	spec   ClusterSpec
	cp     Version
	pools  []Version
	policy WorkerPolicy
	steps  []UpgradeStep
}

func (p *planner) run(hops []hop) {
	for i, h := range hops {
		if catchUp := p.lagging(h.version); len(catchUp) > 0 {
			p.addStep(p.poolActions(catchUp, p.cp, fmt.Sprintf("would fall outside the kubelet skew of %s", h.version)))
		}
		p.addStep([]UpgradeAction{p.controlPlaneAction(h)})
		p.cp = h.version
		var follow []int
		if i == len(hops)-1 || p.policy == WorkersEveryStep {
			follow = p.behind(h.version)
		} else {
			follow = p.lagging(hops[i+1].version)
		}
		// The pools get a step of their own: applied with the control plane's, their MachineDeployments
		// would roll at once, joining kubelets newer than the control-plane machines still running.
		if len(follow) > 0 {
			p.addStep(p.poolActions(follow, h.version, "follows the control plane once it has rolled out at "+h.version.String()))
		}
	}
	if behind := p.behind(p.cp); len(behind) > 0 {
		p.addStep(p.poolActions(behind, p.cp, "catches up with the control plane"))
	}
}

func (p *planner) addStep(actions []UpgradeAction) {
	p.steps = append(p.steps, UpgradeStep{Number: len(p.steps) + 1, Actions: actions})
}

// lagging returns the pools that a control plane at next would leave outside the kubelet skew.
func (p *planner) lagging(next Version) []int {
	var out []int
	for i, v := range p.pools {
		if v.MinorsBehind(next) > KubeletSkew(next) {
			out = append(out, i)
		}
	}
	return out
}

// behind returns the pools older than v.
func (p *planner) behind(v Version) []int {
	var out []int
	for i, pv := range p.pools {
		if pv.Compare(v) < 0 {
			out = append(out, i)
		}
	}
	return out
}

func (p *planner) controlPlaneAction(h hop) UpgradeAction {
	reason := fmt.Sprintf("kube-apiserver moves one minor at a time (%s)", h.note)
	if h.version.Minor == p.cp.Minor {
		reason = "patch upgrade (" + h.note + ")"
	}
	replicas := p.spec.ControlPlane.Replicas
	// KubeadmControlPlane replaces members one at a time, surging by one, so etcd never loses quorum.
	bounds := RolloutBounds{MaxSurge: 1, MinAvailable: replicas, Waves: replicas}
	return UpgradeAction{Kind: ActionControlPlane, Target: string(ActionControlPlane), From: p.cp, To: h.version,
		Replicas: replicas, Bounds: bounds, Reason: reason}
}

func (p *planner) poolActions(idx []int, to Version, why string) []UpgradeAction {
	out := make([]UpgradeAction, 0, len(idx))
	for _, i := range idx {
		pool := p.spec.Workers[i]
		// Bounds was validated by parse, so it cannot fail here.
		bounds, _ := pool.Bounds(pool.Replicas)
		out = append(out, UpgradeAction{Kind: ActionWorkerPool, Target: pool.Name, From: p.pools[i], To: to,
			Replicas: pool.Replicas, Bounds: bounds, Reason: fmt.Sprintf("kubelet %s %s", p.pools[i], why)})
		p.pools[i] = to
	}
	return out
}
