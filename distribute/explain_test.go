package distribute_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
)

// reflectJSON is what ClusterExplanation.MarshalJSON must write: encoding/json's bytes for the struct's
// fields followed by the rendered reason.
func reflectJSON(e distribute.ClusterExplanation) ([]byte, error) {
	type plain distribute.ClusterExplanation
	return json.Marshal(struct {
		plain
		Reason string `json:"reason"`
	}{plain(e), e.Reason()})
}

// fmtReason is Reason's sentence written with fmt, the way it reads in the spec.
func fmtReason(e distribute.ClusterExplanation) string {
	var parts []string
	if e.Weight > 0 {
		parts = append(parts, fmt.Sprintf("weight %d (%s, share %.1f%%)", e.Weight, e.WeightSource, 100*e.Share))
	}
	if e.Previous > 0 {
		parts = append(parts, fmt.Sprintf("previously %d, kept %d", e.Previous, e.Kept))
	}
	if e.Added > 0 {
		parts = append(parts, fmt.Sprintf("won %d", e.Added))
	}
	if e.Limit != "" {
		parts = append(parts, "held at "+string(e.Limit))
	}
	if e.Excluded != "" {
		parts = append(parts, e.Excluded.Text())
	}
	return fmt.Sprintf("%d replicas: %s", e.Replicas, strings.Join(parts, "; "))
}

func TestClusterExplanationJSONMatchesEncodingJSON(t *testing.T) {
	for name, e := range map[string]distribute.ClusterExplanation{
		"zero":            {},
		"winner":          {Cluster: "c-0001", Replicas: 53, Candidate: true, Weight: 281, WeightSource: distribute.SourceAvailable, Share: 0.000281, Added: 53},
		"tiny share":      {Cluster: "a", Weight: 1, WeightSource: distribute.SourceStatic, Share: 1e-7},
		"exponent 1e-10":  {Cluster: "a", Share: 1.5e-10},
		"huge share":      {Cluster: "a", Share: 1e21},
		"negative share":  {Cluster: "a", Share: -0.25},
		"bounds":          {Cluster: "b", Replicas: 4, Previous: 9, Kept: 4, Limit: distribute.LimitMaximum},
		"excluded":        {Cluster: "gone", Previous: 3, Excluded: distribute.ExcludedRemoved},
		"escaped name":    {Cluster: `a"b\c<d>&e` + "\u2028\x01"},
		"invalid utf8":    {Cluster: "bad\xffname", WeightSource: "src\x7f"},
		"unknown reason":  {Cluster: "u", Excluded: "Custom<reason>", Limit: "x&y"},
		"negative counts": {Cluster: "n", Replicas: -1, Previous: -2, Kept: -3, Added: -4, Weight: -5},
	} {
		t.Run(name, func(t *testing.T) {
			want, err := reflectJSON(e)
			require.NoError(t, err)
			got, err := json.Marshal(e)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
			assert.Equal(t, fmtReason(e), e.Reason())
		})
	}
}

// TestClusterExplanationJSONWritesEveryField fills every field of ClusterExplanation, found by reflection,
// with a non-zero value: a field added to the struct and forgotten in the hand-written MarshalJSON fails
// here, omitempty or not.
func TestClusterExplanationJSONWritesEveryField(t *testing.T) {
	var e distribute.ClusterExplanation
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x" + strconv.Itoa(i))
		case reflect.Int32, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Float64:
			f.SetFloat(0.5)
		case reflect.Bool:
			f.SetBool(true)
		default:
			t.Fatalf("field %s of kind %s: teach this test to fill it", v.Type().Field(i).Name, f.Kind())
		}
	}
	want, err := reflectJSON(e)
	require.NoError(t, err)
	got, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestClusterExplanationJSONRefusesNaN(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := json.Marshal(distribute.ClusterExplanation{Cluster: "a", Share: f})
		var unsupported *json.UnsupportedValueError
		assert.ErrorAs(t, err, &unsupported, f)
	}
}

// FuzzClusterExplanationJSON checks that MarshalJSON and Reason, which are written without reflection or
// fmt, produce exactly the bytes of encoding/json and fmt for any explanation.
func FuzzClusterExplanationJSON(f *testing.F) {
	f.Add("c-0001", "available", "", "", int32(53), int64(281), 0.000281, int32(0), int32(0), int32(53), true)
	f.Add("a<b", "static\xff", "NoLongerCandidate", "maxReplicas", int32(-1), int64(-2), 1e-9, int32(3), int32(2), int32(0), false)
	f.Fuzz(func(t *testing.T, cluster, source, excluded, limit string, replicas int32, weight int64, share float64,
		previous, kept, added int32, candidate bool) {
		e := distribute.ClusterExplanation{Cluster: cluster, Replicas: replicas, Candidate: candidate, Weight: weight,
			WeightSource: distribute.WeightSource(source), Share: share, Previous: previous, Kept: kept, Added: added,
			Excluded: distribute.Exclusion(excluded), Limit: distribute.Limit(limit)}
		want, wantErr := reflectJSON(e)
		got, err := json.Marshal(e)
		if wantErr != nil {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
		require.Equal(t, fmtReason(e), e.Reason())
	})
}

// BenchmarkExplanation renders the explanation of the 5,000-cluster plan of the fleetctl divide timing as
// table sentences (Reason) and as JSON (MarshalJSON), against the fmt and reflection versions they replaced.
func BenchmarkExplanation(b *testing.B) {
	req, err := distribute.DecodeRequest(benchRequest(5000, true))
	if err != nil {
		b.Fatal(err)
	}
	plan, err := distribute.Divide(req)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		render func(distribute.ClusterExplanation) error
	}{
		{"Reason", func(e distribute.ClusterExplanation) error { _ = e.Reason(); return nil }},
		{"fmt", func(e distribute.ClusterExplanation) error { _ = fmtReason(e); return nil }},
		{"MarshalJSON", func(e distribute.ClusterExplanation) error { _, err := e.MarshalJSON(); return err }},
		{"reflect", func(e distribute.ClusterExplanation) error { _, err := reflectJSON(e); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, e := range plan.Explanation {
					if err := c.render(e); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
