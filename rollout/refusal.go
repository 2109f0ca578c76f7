package rollout

// RefusedPromotion returns the status to continue from when the promotion
// that st decided was not carried out because the canary's template may no
// longer be the revision analysed: a runner's workload refused to promote
// (its template had moved on), or a stored promotion did not name its
// revision. Nothing reached the primary, so nothing is recorded as
// promoted: a Promoting run is analysing again (Progressing), and the next
// tick restarts the analysis for a new revision (rule 5) or, when the
// template is still the analysed revision, decides the promotion again. A
// skipAnalysis run, which records Succeeded and the promoted revision in
// the tick that decides the promotion, also forgets that revision: the
// primary runs the one before, which the status no longer names, so the
// next revision seen is new. Any other status is returned unchanged.
func RefusedPromotion(st Status) Status {
	switch st.Phase {
	case Promoting:
	case Succeeded:
		st.LastPromotedRevision = ""
	default:
		return st
	}
	st.Phase = Progressing
	return st
}
