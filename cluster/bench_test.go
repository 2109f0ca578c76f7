package cluster_test

import (
	"testing"

	"github.com/fleetkit/fleetkit/cluster"
)

func BenchmarkPlanUpgrade(b *testing.B) {
	s := cluster.Sample()
	opts := cluster.UpgradeOptions{Releases: cluster.SampleReleases()}
	for b.Loop() {
		if _, err := cluster.PlanUpgrade(s, "v1.32.0", opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlanScale(b *testing.B) {
	cur := cluster.Sample()
	next, _ := cur.ScalePool("general", 8)
	for b.Loop() {
		if _, err := cluster.PlanScale(cur, next); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPreflight(b *testing.B) {
	facts := cluster.SampleNodeFacts()[1]
	for b.Loop() {
		cluster.Preflight(facts)
	}
}
