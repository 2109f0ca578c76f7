package distribute

// weighted is one entry of Karmada's availableClusters list: a row and its
// division weight.
type weighted struct {
	row    int32
	weight int64
}

// dynamic implements DynamicWeight and Aggregated (Karmada's
// assignByDynamicStrategy): fresh, scale down, scale up or steady. With
// candidate bounds, a previous result that would keep a cluster outside its
// bounds is not kept: all replicas are divided afresh instead, so the bounds
// hold for the final replicas.
func (d *division) dynamic() error {
	sched, assigned := d.scheduled()
	n := d.req.Replicas
	var list []weighted
	var target int32
	var source WeightSource
	switch {
	case d.req.Fresh || d.keepBreaksBounds(assigned):
		d.mode, target, source = ModeFresh, n, SourceAvailablePrevious
		list = d.candidateWeights(true)
	case assigned > int64(n):
		d.mode, target, source = ModeScaleDown, n, SourcePrevious
		list = d.previousWeights(sched)
	case assigned < int64(n):
		d.mode, target, source = ModeScaleUp, n-int32(assigned), SourceAvailable
		if assigned == 0 {
			d.mode = ModeFirstSchedule
		}
		d.keep(sched)
		list = d.candidateWeights(false)
	default:
		d.mode = ModeSteady
		d.keep(sched)
		return nil
	}
	d.divided = target
	return d.divideDynamic(list, sched, target, source)
}

// divideDynamic runs Karmada's dynamicDivideReplicas on the weight list.
func (d *division) divideDynamic(list []weighted, sched []int32, target int32, source WeightSource) error {
	var sum int64
	for _, w := range list {
		sum += w.weight
	}
	if sum < int64(target) {
		return &UnschedulableError{Strategy: d.req.Strategy, Needed: target, Available: sum, Reason: reasonAvailable}
	}
	if d.req.Strategy == Aggregated {
		list = d.aggregate(list, target)
	}
	s := newSeatPlan(source, len(list))
	if anyBounded(d.req.Candidates) {
		if err := d.boundedParties(s, list); err != nil {
			return err
		}
		if err := s.check(d.req.Strategy, target, reasonMaximum); err != nil {
			return err
		}
	} else {
		for _, w := range list {
			s.add(int(w.row), d.rows[w.row].Cluster, w.weight)
		}
	}
	d.award(s, target)
	return nil
}

// scheduled returns the candidate rows of the previous result in its recorded
// order and the replicas they hold; clusters that are no longer candidates
// are forgotten, so their replicas count as new.
func (d *division) scheduled() ([]int32, int64) {
	var sched []int32
	var assigned int64
	for _, a := range d.req.Previous {
		if i, ok := d.index[a.Cluster]; ok {
			sched = append(sched, int32(i))
			assigned += int64(a.Replicas)
		}
	}
	return sched, assigned
}

// keepBreaksBounds reports whether keeping the previous result (scale up or
// steady) would leave a bounded candidate outside [MinReplicas, MaxReplicas].
// A scale up can still raise a cluster to its minimum; a steady result
// cannot. Without bounds it is always false, so Karmada's behaviour stands.
func (d *division) keepBreaksBounds(assigned int64) bool {
	n := int64(d.req.Replicas)
	if assigned > n || !anyBounded(d.req.Candidates) {
		return false
	}
	for i, c := range d.req.Candidates {
		kept := d.rows[i].Previous // 0 for a candidate not in the previous result
		if c.MaxReplicas != nil && kept > *c.MaxReplicas {
			return true
		}
		if assigned == n && kept < c.MinReplicas {
			return true
		}
	}
	return false
}

// keep carries the previous replicas of the scheduled rows into the result.
func (d *division) keep(sched []int32) {
	for _, i := range sched {
		d.rows[i].Kept = d.rows[i].Previous
	}
}

// candidateWeights lists every candidate in candidate order, weighted by its
// available replicas, plus its previous replicas on a fresh reschedule.
func (d *division) candidateWeights(withPrevious bool) []weighted {
	list := make([]weighted, len(d.req.Candidates))
	for i, c := range d.req.Candidates {
		w := int64(c.availableOr(d.req.Replicas))
		if withPrevious {
			w += int64(d.rows[i].Previous)
		}
		list[i] = weighted{row: int32(i), weight: w}
		if w == 0 {
			d.rows[i].Excluded = ExcludedNoCapacity
		}
	}
	return list
}

// previousWeights lists the scheduled rows in previous-result order, weighted
// by their previous replicas; every other candidate sits the scale down out.
func (d *division) previousWeights(sched []int32) []weighted {
	for i := range d.req.Candidates {
		d.rows[i].Excluded = ExcludedNotPrevious
	}
	list := make([]weighted, len(sched))
	for j, i := range sched {
		list[j] = weighted{row: i, weight: int64(d.rows[i].Previous)}
	}
	return list
}

// boundedParties builds the parties of a bounded dynamic division: every
// candidate takes part, its new seats bounded by MinReplicas and MaxReplicas
// (on its final replicas) and by its weight. A minimum may lift a cluster
// above its weight (a scale down weighs previous replicas only) but never
// above its capacity, previous plus available replicas: that is an
// *UnschedulableError.
func (d *division) boundedParties(s *seatPlan, list []weighted) error {
	weight := make([]int64, len(d.req.Candidates))
	for _, w := range list {
		weight[w.row] = w.weight
	}
	for i, c := range d.req.Candidates {
		s.add(i, c.Name, weight[i])
		r := &d.rows[i]
		capacity := int64(r.Previous) + int64(c.availableOr(d.req.Replicas))
		if int64(c.MinReplicas) > capacity {
			return &UnschedulableError{Strategy: d.req.Strategy, Cluster: c.Name,
				Needed: c.MinReplicas, Available: capacity, Reason: reasonMinimumAvailable}
		}
		lo := max(0, c.MinReplicas-r.Kept)
		hi, limit := int32(min(weight[i], int64(noLimit))), LimitAvailable
		if c.MaxReplicas != nil && *c.MaxReplicas-r.Kept < hi {
			hi, limit = max(0, *c.MaxReplicas-r.Kept), LimitMaximum
		}
		s.bound(lo, hi, limit)
	}
	return nil
}
