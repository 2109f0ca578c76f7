package policy_test

import (
	"testing"

	"github.com/fleetkit/fleetkit/policy"
)

// BenchmarkCompile compiles the sample policy (eight built-in rules and a custom CEL rule) to each target.
func BenchmarkCompile(b *testing.B) {
	p := specPolicy(b)
	for _, target := range policy.Targets() {
		b.Run(string(target), func(b *testing.B) {
			for b.Loop() {
				if _, err := policy.Compile(p, target); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
