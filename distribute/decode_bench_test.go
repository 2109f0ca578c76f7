package distribute_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"k8s.io/apimachinery/pkg/util/yaml"

	"github.com/fleetkit/fleetkit/distribute"
)

// benchRequest writes a DynamicWeight request over n clusters with their capacity and previous replicas,
// as JSON or YAML.
func benchRequest(n int, asJSON bool) []byte {
	var b bytes.Buffer
	if asJSON {
		b.WriteString(`{"strategy":"DynamicWeight","replicas":1000000,"uid":"6a3e1c2b","clusters":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"name":"member-%05d","availableReplicas":%d,"previousReplicas":%d}`, i, 1000+i%977, 100+i%313)
		}
		b.WriteString("]}")
		return b.Bytes()
	}
	b.WriteString("strategy: DynamicWeight\nreplicas: 1000000\nuid: 6a3e1c2b\nclusters:\n")
	for i := range n {
		fmt.Fprintf(&b, "- name: member-%05d\n  availableReplicas: %d\n  previousReplicas: %d\n", i, 1000+i%977, 100+i%313)
	}
	return b.Bytes()
}

// legacyRequest is the file format as fleetctl decoded it before DecodeRequest existed: YAML converted
// to JSON text, then encoding/json with unknown fields disallowed. It is the baseline of the benchmarks.
type legacyRequest struct {
	Strategy distribute.Strategy `json:"strategy"`
	Replicas int32               `json:"replicas"`
	UID      string              `json:"uid"`
	Clusters []struct {
		Name              string `json:"name"`
		AvailableReplicas *int32 `json:"availableReplicas"`
		PreviousReplicas  *int32 `json:"previousReplicas"`
	} `json:"clusters"`
}

func decodeLegacy(data []byte) error {
	js, err := yaml.ToJSON(data)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	var r legacyRequest
	return dec.Decode(&r)
}

// BenchmarkDecodeRequest compares DecodeRequest with the YAML→JSON round trip it replaced, on the 5,000
// cluster request of the fleetctl divide timing.
func BenchmarkDecodeRequest(b *testing.B) {
	for _, format := range []string{"json", "yaml"} {
		data := benchRequest(5000, format == "json")
		b.Run(format+"/DecodeRequest", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := distribute.DecodeRequest(data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(format+"/legacy-yaml.ToJSON", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := decodeLegacy(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
