package distribute

// static divides all replicas by static weight, ignoring capacity and the
// previous result, as Karmada's assignByStaticWeightStrategy does.
func (d *division) static() error {
	d.mode, d.divided = ModeStatic, d.req.Replicas
	cands := d.req.Candidates
	s := newSeatPlan(staticSource(cands), len(cands))
	extended := d.req.Options.CapStaticWeights || anyBounded(cands)
	for i, c := range cands {
		w := c.Weight
		if s.source == SourceDefault {
			w = 1
		}
		if w == 0 {
			d.rows[i].Excluded = ExcludedNoWeight
			if !extended {
				continue
			}
		}
		s.add(i, c.Name, w)
		if extended {
			d.staticBounds(s, c, w)
		}
	}
	if extended {
		reason := reasonMaximum
		if d.req.Options.CapStaticWeights {
			reason = reasonAvailable
		}
		if err := s.check(StaticWeight, d.req.Replicas, reason); err != nil {
			return err
		}
	}
	d.award(s, d.req.Replicas)
	return nil
}

// staticSource decides whether the rules' weights apply or every candidate
// weighs 1. Karmada falls back when the sum of the positive weights is 0,
// summed in wrapping int64 as it does.
func staticSource(cands []Candidate) WeightSource {
	var sum int64
	for _, c := range cands {
		if c.Weight > 0 {
			sum += c.Weight
		}
	}
	if sum == 0 {
		return SourceDefault
	}
	return SourceStatic
}

// staticBounds sets the bounds of a static party: MinReplicas, MaxReplicas,
// the available replicas with CapStaticWeights, and no seats beyond the
// minimum for a cluster without weight.
func (d *division) staticBounds(s *seatPlan, c Candidate, w int64) {
	hi, limit := noLimit, Limit("")
	if c.MaxReplicas != nil {
		hi, limit = *c.MaxReplicas, LimitMaximum
	}
	if d.req.Options.CapStaticWeights && c.Available != nil && *c.Available < hi {
		hi, limit = *c.Available, LimitAvailable
	}
	if w == 0 {
		hi, limit = c.MinReplicas, ""
	}
	s.bound(c.MinReplicas, hi, limit)
}

// anyBounded reports whether any candidate uses the bounds extension.
func anyBounded(cands []Candidate) bool {
	for _, c := range cands {
		if c.bounded() {
			return true
		}
	}
	return false
}
