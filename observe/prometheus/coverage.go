package prometheus

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fleetkit/fleetkit/observe"
)

// Coverage says which clusters of the fleet a fleet answer covers.
// Expected comes from the fleet's members; Present are the expected
// clusters that both appear in the answer (its cluster label, or the
// companion probe query) and, at a Thanos Query, whose every live store
// group (see GlobalOptions.NoStores) has a healthy store that did not fail
// while answering; Missing are the others. All three are sorted. Warnings are the server's warnings
// (Prometheus and Thanos, partial-response ones included) and what the
// coverage check itself noticed: unhealthy stores, clusters outside the
// fleet, a stores endpoint that could not be read, probe series without the
// cluster label.
type Coverage struct {
	Expected []string `json:"expected"`
	Present  []string `json:"present"`
	Missing  []string `json:"missing,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// Complete reports whether every expected cluster is present.
func (c Coverage) Complete() bool { return len(c.Missing) == 0 }

// String renders "2/3 clusters (missing b)" or "3/3 clusters".
func (c Coverage) String() string {
	s := fmt.Sprintf("%d/%d clusters", len(c.Present), len(c.Expected))
	if len(c.Missing) > 0 {
		s += " (missing " + strings.Join(c.Missing, ", ") + ")"
	}
	return s
}

// coverageOf computes the coverage of expected from the clusters seen in
// the answer and, when storesRead, those with a healthy store. Clusters
// answered that are not in fleet are warned about; the others of the fleet
// are not (a one-cluster query's probe sees the whole fleet).
func coverageOf(expected, fleet, answered, healthy []string, storesRead bool, warnings []string) Coverage {
	c := Coverage{Expected: slices.Clone(expected), Warnings: warnings}
	slices.Sort(c.Expected)
	for _, name := range c.Expected {
		if slices.Contains(answered, name) && (!storesRead || slices.Contains(healthy, name)) {
			c.Present = append(c.Present, name)
		} else {
			c.Missing = append(c.Missing, name)
		}
	}
	var extra []string
	for _, name := range answered {
		if !slices.Contains(fleet, name) && !slices.Contains(extra, name) {
			extra = append(extra, name)
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		c.Warnings = append(c.Warnings, "answer covers clusters outside the fleet: "+strings.Join(extra, ", "))
	}
	if c.Present == nil {
		c.Present = []string{}
	}
	return c
}

// SampleCoverage is the coverage of a Fleet.Sample answer: a cluster whose
// query failed is missing, one that answered (a value or no data) present.
func SampleCoverage(samples []ClusterSample) Coverage {
	expected := make([]string, 0, len(samples))
	var answered, warnings []string
	for _, cs := range samples {
		expected = append(expected, cs.Cluster)
		if cs.Sample.Kind == observe.QueryError {
			warnings = append(warnings, cs.Cluster+": "+cs.Sample.Err)
			continue
		}
		answered = append(answered, cs.Cluster)
	}
	return coverageOf(expected, expected, answered, nil, false, warnings)
}
