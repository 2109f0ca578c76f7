package strictyaml_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"k8s.io/apimachinery/pkg/util/yaml"
	sigsjson "sigs.k8s.io/json"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
)

// benchFleet writes a fleet file of n members, as JSON or YAML.
func benchFleet(n int, asJSON bool) []byte {
	var b bytes.Buffer
	if asJSON {
		b.WriteString(`{"name":"bench","members":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"name":"member-%05d","weight":%d,"capacity":{"cpu":"%d","nvidia.com/gpu":"8"},"tags":["a","b"]}`, i, i%7, 64+i%32)
		}
		b.WriteString("]}")
		return b.Bytes()
	}
	b.WriteString("name: bench\nmembers:\n")
	for i := range n {
		fmt.Fprintf(&b, "- name: member-%05d\n  weight: %d\n  capacity: {cpu: \"%d\", nvidia.com/gpu: \"8\"}\n  tags: [a, b]\n", i, i%7, 64+i%32)
	}
	return b.Bytes()
}

// BenchmarkUnmarshal compares the strict decoder with the YAML→JSON text round trip (apimachinery's
// yaml.ToJSON, then encoding/json with unknown fields disallowed) every loader used before, and, for JSON,
// with sigs.k8s.io/json's strict decode alone.
func BenchmarkUnmarshal(b *testing.B) {
	for _, format := range []string{"json", "yaml"} {
		data := benchFleet(2000, format == "json")
		b.Run(format+"/strictyaml", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var f fleetFile
				if err := strictyaml.Unmarshal(data, &f); err != nil {
					b.Fatal(err)
				}
			}
		})
		if format == "json" {
			b.Run("json/sigs.k8s.io-json-strict", func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					var f fleetFile
					if _, err := sigsjson.UnmarshalStrict(data, &f, sigsjson.DisallowUnknownFields); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(format+"/legacy-yaml.ToJSON", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				js, err := yaml.ToJSON(data)
				if err != nil {
					b.Fatal(err)
				}
				dec := json.NewDecoder(bytes.NewReader(js))
				dec.DisallowUnknownFields()
				var f fleetFile
				if err := dec.Decode(&f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRefuseAliasBomb measures refusing the 2 GiB alias bomb.
func BenchmarkRefuseAliasBomb(b *testing.B) {
	bomb := strictyamltest.AliasBomb("")
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := strictyaml.Unmarshal(bomb, &v); err == nil {
			b.Fatal("accepted")
		}
	}
}
