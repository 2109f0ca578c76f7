package rollout

// Problems lists the *ValidationError values err holds: err itself, or
// every one of a join (errors.Join), joins nested in joins included, in
// order. Validate, CheckNames and Step report several problems that way;
// callers that re-home them under their own field path (a wave's cluster,
// a scenario's tick) walk them with Problems. Other errors are skipped.
func Problems(err error) []*ValidationError {
	switch e := err.(type) { //nolint:errorlint // the join tree is walked node by node; a ValidationError unwraps to its sentinels
	case nil:
		return nil
	case *ValidationError:
		return []*ValidationError{e}
	case interface{ Unwrap() []error }:
		var out []*ValidationError
		for _, inner := range e.Unwrap() {
			out = append(out, Problems(inner)...)
		}
		return out
	}
	return nil
}
