package scheduling

import (
	"errors"
	"fmt"
)

// Check decides, for every cluster snapshot separately, whether the gang can run there at once. It
// returns a Report with one result per snapshot, in input order, and a ranking. Bad input (an invalid
// gang, no snapshot or an invalid one, invalid options) is an error matching ErrInvalid that lists every
// problem, as Validate does; each is a *ValidationError naming its field.
func Check(gang Gang, snapshots []ClusterSnapshot, opts Options) (Report, error) {
	r, err := check(gang, snapshots, opts)
	if errors.Is(err, ErrInvalid) {
		// The fast path stops at the first problem; Validate finds them all.
		if all := Validate(gang, snapshots, opts); all != nil {
			return Report{}, all
		}
	}
	return r, err
}

func check(gang Gang, snapshots []ClusterSnapshot, opts Options) (Report, error) {
	if p := optionProblems(opts, snapshots); len(p) > 0 {
		return Report{}, p[0]
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
	if len(snapshots) == 0 {
		return invalid("clusters", "at least one cluster snapshot is required")
	}
	seen := make(map[string]bool, len(snapshots))
	for i, s := range snapshots {
		if s.Name == "" || seen[s.Name] {
			return invalid(fmt.Sprintf("clusters[%d].name", i), "must not be empty or repeated")
		}
		seen[s.Name] = true
	}
	return nil
}

// indexAssumed sums the assumed pods per cluster and node as milli-unit vectors over the demand's
// dims, one pod slot each. optionProblems has checked that every pod names a node of the snapshots.
func indexAssumed(d *demand, pods []AssumedPod, snapshots []ClusterSnapshot) (map[string]map[string][]int64, error) {
	out := map[string]map[string][]int64{}
	for i, a := range pods {
		if out[a.Cluster] == nil {
			out[a.Cluster] = map[string][]int64{}
		}
		vec := out[a.Cluster][a.Node]
		if vec == nil {
			vec = make([]int64, len(d.dims))
			out[a.Cluster][a.Node] = vec
		}
		for k, name := range d.dims {
			m, err := milliField(a.Requests, name, fmt.Sprintf("options.assumed[%d].requests", i))
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
