package distribute

// Party exposes a Webster party to the external tests.
type Party struct {
	Name   string
	Votes  int64
	Lo, Hi int32
}

// Apportion runs the division through the given path ("auto", "fast",
// "search") and returns each party's final seats.
func Apportion(parties []Party, n int32, descending bool, path string) []int32 {
	ps := make([]party, len(parties))
	for i, p := range parties {
		ps[i] = party{name: p.Name, votes: p.Votes, lo: p.Lo, hi: p.Hi}
		ps[i].seats = p.Lo
	}
	o := order{descending: descending}
	switch path {
	case "fast":
		apportionFast(ps, n, o)
	case "search":
		apportionSearch(ps, n, o)
	default:
		apportion(ps, n, o)
	}
	out := make([]int32, len(ps))
	for i := range ps {
		out[i] = ps[i].seats
	}
	return out
}

// NoLimit is the Hi of an unbounded party.
const NoLimit = noLimit
