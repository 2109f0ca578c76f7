package fleet

import (
	_ "embed"
	"fmt"
)

//go:embed sample.yaml
var sampleYAML []byte

// SampleYAML returns the seed fleet file that Sample decodes, for tools that want to show or save it.
func SampleYAML() []byte { return append([]byte(nil), sampleYAML...) }

// Sample returns the seed fleet used throughout fleetkit's examples: the Karmada host
// (karmada-host), a GPU training cluster in Beijing (training-bj), an inference cluster in Shanghai
// (serving-sh) and ten edge clusters in retail stores (edge-store-001 … edge-store-010).
// Each call returns a fresh copy.
func Sample() Fleet {
	f, err := Load(sampleYAML)
	if err != nil {
		// The file is compiled in and covered by tests; failing here is a build defect, not bad input.
		panic(fmt.Sprintf("fleet: embedded sample fleet is invalid: %v", err))
	}
	return f
}
