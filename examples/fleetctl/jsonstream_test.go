package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/scheduling"
)

// rawJSON is a json.Marshaler of the bytes it holds, spaces and HTML characters included.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

// marshalers is a streamed document whose rows have their own MarshalJSON.
type marshalers struct {
	Items []rawJSON `json:"items"`
}

// TestWriteJSONIsTheEncodersOutput: the streamed document is byte for byte what json.Encoder prints.
func TestWriteJSONIsTheEncodersOutput(t *testing.T) {
	plan, err := distribute.Divide(distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 7,
		Candidates: []distribute.Candidate{{Name: "a", Available: distribute.Replicas(5)}, {Name: "b<&>", Available: distribute.Replicas(4)}}})
	require.NoError(t, err)
	for _, v := range []any{plan, distribute.Plan{}, scheduling.Report{Clusters: []scheduling.ClusterResult{{Cluster: "c"}}, Warnings: []string{}},
		marshalers{Items: []rawJSON{`{"a":[1,{"b":[]}],"c":"<"}`, " {\"a\" : \"\u2028\"} \n", `{"s":"x&y"}`, `{ "k" : [ ] , "m":{}}` + "\t"}},
		versionInfo{Module: "m"}, errorOutput{Error: "e", Problems: []fieldProblem{{Field: "f", Reason: "r"}}}, map[string]int{"a": 1},
		struct {
			A []byte `json:"a"`
			B int    `json:",omitempty"`
			C *int   `json:"c,omitempty"`
			d int
		}{A: []byte("x")}} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		require.NoError(t, enc.Encode(v))
		require.NoError(t, writeJSON(&got, v))
		assert.Equal(t, want.String(), got.String())
	}
}

// TestWriteJSONReportsAMarshalersInvalidJSON: a row whose MarshalJSON writes invalid JSON is an error, as
// it is for json.Encoder, not a broken document.
func TestWriteJSONReportsAMarshalersInvalidJSON(t *testing.T) {
	for _, raw := range []rawJSON{`{"a":`, `{"a":1}}`, `nope`} {
		var got bytes.Buffer
		err := writeJSON(&got, marshalers{Items: []rawJSON{raw}})
		var merr *json.MarshalerError
		assert.ErrorAs(t, err, &merr, string(raw))
	}
}

// valueMarshaler has MarshalJSON on its value, so a nil *valueMarshaler is a json.Marshaler too.
type valueMarshaler struct{}

func (valueMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"v":1}`), nil }

// A nil pointer row whose type marshals by value is null, as json.Encoder writes it, not a panic.
func TestWriteJSONWritesANilMarshalerPointerAsNull(t *testing.T) {
	v := struct {
		Items []*valueMarshaler `json:"items"`
	}{Items: []*valueMarshaler{nil, {}}}
	var want, got bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(v))
	require.NoError(t, writeJSON(&got, v))
	assert.Equal(t, want.String(), got.String())
}
