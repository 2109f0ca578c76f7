package scheduling

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Check decides, for every cluster snapshot separately, whether the gang can run there at once. It
// returns a Report with one result per snapshot, in input order, and a ranking. Bad input (an invalid
// gang, snapshot or options) is an error matching ErrInvalid, whose *ValidationError names the field.
func Check(gang Gang, snapshots []ClusterSnapshot, opts Options) (Report, error) {
	if opts.SearchBudget < 0 {
		return Report{}, invalid("options.searchBudget", "must not be negative, got %d", opts.SearchBudget)
	}
	budget := opts.SearchBudget
	if budget == 0 {
		budget = DefaultSearchBudget
	}
	d, err := newDemand(gang, opts)
	if err != nil {
		return Report{}, err
	}
	if err := checkClusterNames(snapshots); err != nil {
		return Report{}, err
	}
	assumed, err := indexAssumed(d, opts.Assumed, snapshots)
	if err != nil {
		return Report{}, err
	}
	r := Report{Gang: gang.Name, Clusters: make([]ClusterResult, 0, len(snapshots)), Warnings: d.warnings}
	c := &checker{v: newView(d), p: &packer{}, stats: make([]groupStats, len(d.groups)), opts: &opts, budget: budget}
	fits := make([]float64, len(snapshots))
	for i := range snapshots {
		res, fit, err := c.cluster(i, &snapshots[i], assumed[snapshots[i].Name])
		if err != nil {
			return Report{}, err
		}
		r.Clusters = append(r.Clusters, res)
		fits[i] = fit
	}
	r.Ranking, r.Best = rank(r.Clusters, fits)
	return r, nil
}

// checker carries the reusable state of one Check call.
type checker struct {
	v      *view
	p      *packer
	stats  []groupStats
	opts   *Options
	budget int
}

// cluster decides one cluster; fit is the ranking score (see rank).
func (c *checker) cluster(i int, snap *ClusterSnapshot, extra map[string][]int64) (ClusterResult, float64, error) {
	field := fmt.Sprintf("clusters[%d]", i)
	v := c.v
	if err := v.load(snap, field, c.opts, extra); err != nil {
		return ClusterResult{}, 0, err
	}
	res := ClusterResult{Cluster: snap.Name}
	if c.opts.QueueGate {
		q, err := queueGate(v.d, snap, field)
		if err != nil {
			return ClusterResult{}, 0, err
		}
		res.Queue = q
	}
	if cert := v.necessary(c.stats); cert != nil {
		res.Verdict, res.Certificate, res.Message = Infeasible, cert, cert.Message
		return res, closeness(cert), nil
	}
	out := v.solve(c.p, c.stats, c.budget)
	res.Verdict, res.Certificate, res.SearchSteps = out.verdict, out.cert, out.steps
	switch out.verdict {
	case Feasible:
		res.Placement = v.placement(out.assignments)
		fit, msg := v.fitScore(out.assignments)
		res.Message = msg
		return res, fit, nil
	case Unknown:
		res.Message = fmt.Sprintf("unknown: the exact search used its budget of %d steps without deciding; raise Options.SearchBudget", c.budget)
		return res, 0, nil
	}
	res.Message = out.cert.Message
	return res, 0, nil
}

func checkClusterNames(snapshots []ClusterSnapshot) error {
	seen := make(map[string]bool, len(snapshots))
	for i, s := range snapshots {
		field := fmt.Sprintf("clusters[%d].name", i)
		if s.Name == "" {
			return invalid(field, "must not be empty")
		}
		if seen[s.Name] {
			return invalid(field, "duplicate cluster name %q", s.Name)
		}
		seen[s.Name] = true
	}
	return nil
}

// indexAssumed sums the assumed pods per cluster and node as milli-unit vectors over the demand's
// dims, one pod slot each. It checks the pods in input order, so the first bad one is reported.
func indexAssumed(d *demand, pods []AssumedPod, snapshots []ClusterSnapshot) (map[string]map[string][]int64, error) {
	known := make(map[string]int, len(snapshots))
	for i, s := range snapshots {
		known[s.Name] = i
	}
	nodes := map[string]map[string]bool{} // per cluster named by an assumed pod: its node names
	out := map[string]map[string][]int64{}
	for i, a := range pods {
		field := fmt.Sprintf("options.assumed[%d]", i)
		c, ok := known[a.Cluster]
		if !ok {
			return nil, invalid(field+".cluster", "cluster %q is not in the snapshots", a.Cluster)
		}
		if a.Node == "" {
			return nil, invalid(field+".node", "must not be empty")
		}
		if nodes[a.Cluster] == nil {
			nodes[a.Cluster] = nodeNames(&snapshots[c])
		}
		if !nodes[a.Cluster][a.Node] {
			return nil, invalid(field+".node", "node %q is not in cluster %q", a.Node, a.Cluster)
		}
		if _, ok := a.Requests[corev1.ResourcePods]; ok {
			return nil, invalid(field+".requests[pods]", "pods is a node slot, not a request: every assumed pod takes one")
		}
		if out[a.Cluster] == nil {
			out[a.Cluster] = map[string][]int64{}
		}
		vec := out[a.Cluster][a.Node]
		if vec == nil {
			vec = make([]int64, len(d.dims))
			out[a.Cluster][a.Node] = vec
		}
		for k, name := range d.dims {
			m, err := milliField(a.Requests, name, field+".requests")
			if err != nil {
				return nil, err
			}
			vec[k] = addSat(vec[k], m)
		}
		vec[d.podsDim] = addSat(vec[d.podsDim], 1000)
	}
	return out, nil
}

// nodeNames is the set of node names of snap.
func nodeNames(snap *ClusterSnapshot) map[string]bool {
	out := make(map[string]bool, len(snap.Nodes))
	for _, n := range snap.Nodes {
		out[n.Name] = true
	}
	return out
}
