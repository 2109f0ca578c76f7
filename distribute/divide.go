package distribute

import (
	"slices"
	"strings"
)

// Divide computes where req's replicas go, exactly as Karmada v1.17.1's
// scheduler would for the same candidates (unless req.Options or candidate
// bounds ask for more), and explains every cluster's share.
//
// Bad input yields a *ValidationError naming the field (errors.Is
// ErrInvalidRequest; an empty candidate list also matches ErrNoCandidates).
// When the candidates cannot hold the replicas Divide returns an
// *UnschedulableError (errors.Is ErrUnschedulable).
func Divide(req Request) (Plan, error) {
	index, err := validate(&req)
	if err != nil {
		return Plan{}, err
	}
	d := newDivision(&req, index)
	switch {
	case !d.divides():
		d.propagate()
	case req.Strategy == Duplicated:
		d.duplicate()
	case req.Strategy == StaticWeight:
		err = d.static()
	default:
		err = d.dynamic()
	}
	if err != nil {
		return Plan{}, err
	}
	return d.plan(), nil
}

// row is the working state of one cluster: a candidate, or a cluster that is
// only in the previous result.
type row struct {
	ClusterExplanation
	inPrevious bool
}

// division is the working state of one Divide call.
type division struct {
	req   *Request
	o     order
	index map[string]int
	// rows holds the candidates at their candidate index, then the previous
	// clusters that are no longer candidates.
	rows    []row
	mode    Mode
	divided int32
}

// newDivision attaches the previous result to the candidates.
func newDivision(req *Request, index map[string]int) *division {
	d := &division{req: req, o: orderForUID(req.UID), index: index}
	d.rows = make([]row, len(req.Candidates), len(req.Candidates)+len(req.Previous))
	for i, c := range req.Candidates {
		d.rows[i].Cluster, d.rows[i].Candidate = c.Name, true
	}
	for _, a := range req.Previous {
		i, ok := index[a.Cluster]
		if !ok {
			d.rows = append(d.rows, row{ClusterExplanation: ClusterExplanation{
				Cluster: a.Cluster, Previous: a.Replicas, Excluded: ExcludedRemoved}, inPrevious: true})
			continue
		}
		d.rows[i].Previous, d.rows[i].inPrevious = a.Replicas, true
	}
	return d
}

// divides reports whether Karmada would run a replica assignment at all: only
// single-component workloads with replicas or replica requirements are divided.
func (d *division) divides() bool {
	return (d.req.Replicas > 0 || d.req.HasReplicaRequirements) && !d.req.MultiComponent
}

// propagate lists every candidate with zero replicas.
func (d *division) propagate() {
	d.mode = ModePropagate
	for i := range d.req.Candidates {
		d.rows[i].Excluded = ExcludedNotDivided
	}
}

// duplicate gives every candidate all replicas.
func (d *division) duplicate() {
	d.mode = ModeDuplicate
	d.divided = d.req.Replicas
	for i := range d.req.Candidates {
		d.rows[i].Added = d.req.Replicas
	}
}

// plan assembles the result: assignments in Karmada's order, explanations by name.
func (d *division) plan() Plan {
	byName := make([]int32, len(d.rows))
	for i := range byName {
		byName[i] = int32(i)
	}
	slices.SortFunc(byName, func(a, b int32) int { return strings.Compare(d.rows[a].Cluster, d.rows[b].Cluster) })
	p := Plan{Strategy: d.req.Strategy, Mode: d.mode, Replicas: d.req.Replicas, Divided: d.divided}
	p.Explanation = make([]ClusterExplanation, len(d.rows))
	for j, i := range byName {
		r := &d.rows[i]
		r.Replicas = r.Kept + r.Added
		switch {
		case r.Replicas > 0:
			// A cluster that keeps replicas was not excluded, even when it
			// could win no new ones.
			r.Excluded = ""
		case r.Excluded == "":
			r.Excluded = ExcludedRounding
		}
		p.Explanation[j] = r.ClusterExplanation
	}
	p.Assignments = d.assignments(byName)
	return p
}

// assignments lists the clusters with replicas: candidate order for
// Duplicated and Propagate (which keeps zero rows), name order otherwise.
func (d *division) assignments(byName []int32) []Assignment {
	out := make([]Assignment, 0, len(d.req.Candidates))
	switch d.mode {
	case ModePropagate, ModeDuplicate:
		for i := range d.req.Candidates {
			if r := &d.rows[i]; r.Replicas > 0 || d.mode == ModePropagate {
				out = append(out, Assignment{Cluster: r.Cluster, Replicas: r.Replicas})
			}
		}
	default:
		for _, i := range byName {
			if r := &d.rows[i]; r.Replicas > 0 {
				out = append(out, Assignment{Cluster: r.Cluster, Replicas: r.Replicas})
			}
		}
	}
	return out
}
