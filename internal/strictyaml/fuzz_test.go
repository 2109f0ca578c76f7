package strictyaml_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// fuzzLimits are small, so the fuzzer reaches them often and a breach shows in the output size.
var fuzzLimits = strictyaml.Limits{MaxInputBytes: 1 << 16, MaxDecodedBytes: 1 << 14, MaxDepth: 20, MaxNodes: 2000}

// maxJSON bounds the JSON of accepted input: every decoded byte may become a 6-byte escape, every node
// costs a few bytes of punctuation and a number may be respelled (0x1 → 1, .5 → 0.5, 1e400 refused).
func maxJSON(l strictyaml.Limits) int {
	return int(6*l.MaxDecodedBytes + 32*l.MaxNodes)
}

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"name: f\nmembers: [{name: a, weight: 0x10, capacity: {cpu: 2}}]\n",
		`{"members":[{"name":"a","capacity":{"nvidia.com/gpu":"8"}}]}`,
		"a: &a [x, y]\nb: [*a, *a]\nc: {<<: {k: v}, k: w}\n",
		"kind: List\nitems: [{a: 1}, {b: 2}]\n---\n{\"c\": [1, 2.5e3, null, true]}\n",
		"? [a]\n: b\n", "a: &x [*x]\n", "x: .inf\n", "\"\\u00e9\": \"\\ud83d\\ude00\"\n", "- - - - - - - - - - 1\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzUnmarshal: any input is decoded or refused with an error, never a panic, and what is accepted stays
// within the limits.
func FuzzUnmarshal(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var typed fleetFile
		_ = fuzzLimits.Unmarshal(data, &typed)
		doc, err := fuzzLimits.Parse(data)
		if err != nil {
			return
		}
		js := doc.JSON()
		require.LessOrEqual(t, len(js), maxJSON(fuzzLimits), "accepted output beyond the limits")
		require.True(t, json.Valid(js), "the decoder wrote invalid JSON: %s", js)
		again, err := fuzzLimits.Parse(js)
		require.NoError(t, err, "the JSON of an accepted document must be accepted too: %s", js)
		require.JSONEq(t, string(js), string(again.JSON()))
	})
}

// FuzzParseAll: the same for streams and kind: List.
func FuzzParseAll(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := fuzzLimits.ParseAll(data)
		if err != nil {
			return
		}
		total := 0
		for _, d := range docs {
			require.True(t, json.Valid(d.JSON()), "%s: invalid JSON %s", d.Name(), d.JSON())
			total += len(d.JSON())
		}
		require.LessOrEqual(t, total, maxJSON(fuzzLimits)+len(data))
	})
}
