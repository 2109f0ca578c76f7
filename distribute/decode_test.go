package distribute_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
)

func TestDecodeRequestReadsYAMLAndJSONAlike(t *testing.T) {
	fromYAML, err := distribute.DecodeRequest([]byte(`
strategy: StaticWeight
replicas: 20
uid: u-1
capStaticWeights: true
clusters:
- {name: a, weight: 2, availableReplicas: 10, previousReplicas: 3, minReplicas: 1, maxReplicas: 12}
- {name: b, weight: 1}
`))
	require.NoError(t, err)
	fromJSON, err := distribute.DecodeRequest([]byte(`{"strategy":"StaticWeight","replicas":20,"uid":"u-1",
		"capStaticWeights":true,"clusters":[{"name":"a","weight":2,"availableReplicas":10,"previousReplicas":3,
		"minReplicas":1,"maxReplicas":12},{"name":"b","weight":1}]}`))
	require.NoError(t, err)
	assert.Equal(t, fromJSON, fromYAML)
	assert.Equal(t, distribute.Request{Strategy: distribute.StaticWeight, Replicas: 20, UID: "u-1",
		Options: distribute.Options{CapStaticWeights: true},
		Candidates: []distribute.Candidate{
			{Name: "a", Weight: 2, Available: distribute.Replicas(10), MinReplicas: 1, MaxReplicas: distribute.Replicas(12)},
			{Name: "b", Weight: 1}},
		Previous: []distribute.Assignment{{Cluster: "a", Replicas: 3}}}, fromYAML)
}

func TestDecodeRequestNamesTheFileField(t *testing.T) {
	cases := []struct {
		name, doc, field, reason string
		decode                   bool // a decoding problem (ErrDecode) rather than the request's own
	}{
		{"unknown field", "strategy: StaticWeight\nreplicas: 3\nclusters:\n- {name: a}\n- {name: b, wieght: 2}\n",
			"clusters[1].wieght", `unknown field (did you mean "weight"?) (line 5)`, true},
		{"wrong type", "strategy: StaticWeight\nreplicas: three\nclusters: [{name: a}]\n",
			"replicas", `expected an integer, got string "three" (line 2)`, true},
		{"out of range", "strategy: StaticWeight\nreplicas: 3\nclusters: [{name: a, availableReplicas: 4294967296}]\n",
			"clusters[0].availableReplicas", "out of range for int32", true},
		{"duplicate key", "strategy: StaticWeight\nreplicas: 3\nreplicas: 30\nclusters: [{name: a}]\n",
			"replicas", `duplicate key "replicas" (first at line 2) (line 3)`, true},
		{"second document", "strategy: Duplicated\nreplicas: 3\nclusters: [{name: a}]\n---\nreplicas: 4\n",
			"request", "a second document where one is expected (line 5)", true},
		{"unknown strategy", "strategy: Spread\nreplicas: 3\nclusters: [{name: a}]\n", "strategy", "unknown strategy", false},
		{"no clusters", "strategy: Duplicated\nreplicas: 3\n", "clusters", "no candidate clusters", false},
		{"duplicate cluster", "strategy: StaticWeight\nreplicas: 3\nclusters: [{name: a}, {name: a}]\n", "clusters[1].name", "duplicate cluster", false},
		{"negative available", "strategy: DynamicWeight\nreplicas: 3\nclusters: [{name: a, availableReplicas: -1}]\n",
			"clusters[0].availableReplicas", "must be >= 0", false},
		{"negative previous", "strategy: DynamicWeight\nreplicas: 3\nclusters: [{name: a}, {name: b, previousReplicas: -2}]\n",
			"clusters[1].previousReplicas", "must be >= 0", false},
		{"option for another strategy", "strategy: Duplicated\nreplicas: 3\ncapStaticWeights: true\nclusters: [{name: a}]\n",
			"capStaticWeights", "StaticWeight strategy only", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := distribute.DecodeRequest([]byte(c.doc))
			var ve *distribute.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, distribute.ErrInvalidRequest)
			assert.Equal(t, c.decode, errors.Is(err, distribute.ErrDecode), "matches ErrDecode")
			assert.Equal(t, c.field, ve.Field)
			assert.Contains(t, ve.Reason, c.reason)
		})
	}
}

// TestDecodeRequestRefusesAnAliasBomb: fleetctl divide -f used to expand a 1 MiB string referenced 2,000
// times to 2 GiB and die out of memory.
func TestDecodeRequestRefusesAnAliasBomb(t *testing.T) {
	bomb := strictyamltest.AliasBomb("strategy: Duplicated\n")
	cost, err := strictyamltest.Measure(func() error { _, err := distribute.DecodeRequest(bomb); return err })
	require.ErrorIs(t, err, distribute.ErrDecode)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}

func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte("strategy: DynamicWeight\nreplicas: 20\nclusters: [{name: a, availableReplicas: 10, previousReplicas: 3}]\n"))
	f.Add([]byte(`{"strategy":"StaticWeight","replicas":3,"clusters":[{"name":"a","weight":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := distribute.DecodeRequest(data)
		if err != nil {
			return
		}
		// Whatever decodes is a valid request: Divide answers with a plan or an unschedulable error.
		_, err = distribute.Divide(req)
		if err != nil {
			require.ErrorIs(t, err, distribute.ErrUnschedulable)
		}
	})
}
