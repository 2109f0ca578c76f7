package distribute

import "fmt"

// validate checks every field of r and returns the first problem as a
// *ValidationError naming the field.
func validate(r *Request) (map[string]int, error) {
	if !r.Strategy.Valid() {
		return nil, &ValidationError{Field: "strategy", Reason: fmt.Sprintf("unknown strategy %q (want one of %v)", r.Strategy, Strategies())}
	}
	if r.Replicas < 0 {
		return nil, &ValidationError{Field: "replicas", Reason: fmt.Sprintf("must be >= 0, got %d", r.Replicas)}
	}
	if len(r.Candidates) == 0 {
		return nil, &ValidationError{Field: "candidates", Reason: "no candidate clusters", err: ErrNoCandidates}
	}
	index, err := validateCandidates(r)
	if err != nil {
		return nil, err
	}
	if err := validatePrevious(r.Previous); err != nil {
		return nil, err
	}
	if r.Options.CapStaticWeights && r.Strategy != StaticWeight {
		return nil, &ValidationError{Field: "options.capStaticWeights", Reason: "applies to the StaticWeight strategy only, not " + string(r.Strategy)}
	}
	return index, nil
}

// validateCandidates checks names, weights, capacities and bounds, and
// returns the index of every candidate by name.
func validateCandidates(r *Request) (map[string]int, error) {
	seen := make(map[string]int, len(r.Candidates))
	for i, c := range r.Candidates {
		if j, dup := seen[c.Name]; dup {
			return nil, candidateError(i, "name", fmt.Sprintf("duplicate cluster %q (also candidates[%d])", c.Name, j))
		}
		seen[c.Name] = i
		if err := validateCandidate(r, i, c); err != nil {
			return nil, err
		}
	}
	return seen, nil
}

// validateCandidate checks one candidate's own fields, and that its bounds
// can apply to r.
func validateCandidate(r *Request, i int, c Candidate) error {
	s := r.Strategy
	switch {
	case c.Name == "":
		return candidateError(i, "name", "must not be empty")
	case c.Weight < 0:
		return candidateError(i, "weight", fmt.Sprintf("must be >= 0, got %d", c.Weight))
	case c.Available != nil && *c.Available < 0:
		return candidateError(i, "available", fmt.Sprintf("must be >= 0, got %d", *c.Available))
	case !c.bounded():
		return nil
	case s != StaticWeight && s != DynamicWeight:
		return candidateError(i, c.boundField(), "bounds apply to StaticWeight and DynamicWeight only, not "+string(s))
	case c.MinReplicas < 0:
		return candidateError(i, "minReplicas", fmt.Sprintf("must be >= 0, got %d", c.MinReplicas))
	case c.MaxReplicas != nil && *c.MaxReplicas < c.MinReplicas:
		return candidateError(i, "maxReplicas", fmt.Sprintf("must be >= minReplicas %d, got %d", c.MinReplicas, *c.MaxReplicas))
	case r.MultiComponent:
		// A propagated object lists every candidate with 0 replicas; a bound
		// there would be silently ignored.
		return candidateError(i, c.boundField(), "bounds do not apply to a multi-component workload, which is not divided")
	case r.Replicas == 0 && !r.HasReplicaRequirements:
		return candidateError(i, c.boundField(), "bounds need a divided workload: replicas > 0 or replica requirements")
	}
	return nil
}

// candidateError builds the ValidationError for field of candidates[i].
func candidateError(i int, field, reason string) error {
	return &ValidationError{Field: fmt.Sprintf("candidates[%d].%s", i, field), Reason: reason}
}

// validatePrevious checks the previous result.
func validatePrevious(prev []Assignment) error {
	seen := make(map[string]int, len(prev))
	for i, a := range prev {
		if j, dup := seen[a.Cluster]; dup {
			return previousError(i, "cluster", fmt.Sprintf("duplicate cluster %q (also previous[%d])", a.Cluster, j))
		}
		seen[a.Cluster] = i
		switch {
		case a.Cluster == "":
			return previousError(i, "cluster", "must not be empty")
		case a.Replicas < 0:
			return previousError(i, "replicas", fmt.Sprintf("must be >= 0, got %d", a.Replicas))
		}
	}
	return nil
}

// previousError builds the ValidationError for field of previous[i].
func previousError(i int, field, reason string) error {
	return &ValidationError{Field: fmt.Sprintf("previous[%d].%s", i, field), Reason: reason}
}
