package karmadacompat_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/karmada-io/karmada/pkg/scheduler/core"

	"github.com/fleetkit/fleetkit/distribute"
)

// benchCase builds a first-schedule case with n clusters and r replicas.
func benchCase(s distribute.Strategy, n int, r int32) compatCase {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(r)))
	c := compatCase{req: distribute.Request{Strategy: s, Replicas: r, UID: evenUID}}
	for i := range n {
		cand := distribute.Candidate{Name: fmt.Sprintf("member-%05d", i)}
		if s == distribute.StaticWeight {
			cand.Weight = int64(1 + rng.IntN(100))
			c.rules = append(c.rules, staticRule(cand.Name, cand.Weight))
		} else {
			cand.Available = distribute.Replicas(int32(r/int32(n)*2 + int32(rng.IntN(1000))))
		}
		c.req.Candidates = append(c.req.Candidates, cand)
	}
	return c
}

// BenchmarkDivide runs fleetkit's Divide and Karmada's core.AssignReplicas
// side by side on the same inputs.
func BenchmarkDivide(b *testing.B) {
	sizes := []struct {
		clusters int
		replicas int32
	}{{100, 1000}, {5000, 1000000}}
	for _, size := range sizes {
		for _, s := range []distribute.Strategy{distribute.StaticWeight, distribute.DynamicWeight} {
			c := benchCase(s, size.clusters, size.replicas)
			name := fmt.Sprintf("%dx%d/%s", size.clusters, size.replicas, s)
			b.Run(name+"/fleetkit", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := distribute.Divide(c.req); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/karmada", func(b *testing.B) {
				// Inputs are built once, as fleetkit's are; AssignReplicas
				// does not modify them when a weight preference is set.
				clusters, spec, status := c.karmadaInputs()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := core.AssignReplicas(clusters, spec, status); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
