package distribute

// Options switches on behaviour that goes beyond Karmada. The zero value
// reproduces Karmada exactly; each option is rejected with a ValidationError
// when combined with a strategy it does not apply to, never silently ignored.
type Options struct {
	// CapStaticWeights makes StaticWeight respect capacity: no cluster gets
	// more than its available replicas (unknown = unbounded), and the seats it
	// cannot take go, by the same Webster priority, to the other weighted
	// clusters — "prefer Shanghai, overflow to Beijing". Clusters without a
	// weight still get nothing; if the weighted clusters cannot hold every
	// replica the request is unschedulable. StaticWeight only.
	CapStaticWeights bool
}
