package prometheus_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// The client-side cost of a fleet answer's coverage against a loopback
// stand-in: one query, versus the query, the probe and the stores read at
// once (TestRealThanos logs the figures on the real Querier).
func BenchmarkFleetQueryOverhead(b *testing.B) {
	q := &querier{answers: map[string]string{fleetSum: vectorBody("12"),
		"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "1")},
		stores: storesBody(store("s-a", "a", ""), store("s-b", "b", ""), store("s-c", "c", ""))}
	srv := httptest.NewServer(q)
	b.Cleanup(srv.Close)
	ctx := context.Background()
	b.Run("single", func(b *testing.B) {
		src, err := prometheus.NewForAddress(srv.URL, prometheus.Options{})
		require.NoError(b, err)
		for b.Loop() {
			if _, err := src.Do(ctx, fleetSum); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("with coverage", func(b *testing.B) {
		g, err := prometheus.NewGlobalForAddress(srv.URL, prometheus.GlobalOptions{Clusters: []string{"a", "b", "c"}})
		require.NoError(b, err)
		for b.Loop() {
			if _, _, err := g.Do(ctx, fleetSum); err != nil {
				b.Fatal(err)
			}
		}
	})
}
