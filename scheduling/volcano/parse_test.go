package volcano_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

const parseJob = "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata: {name: train}\nspec:\n  minAvailable: 1\n" +
	"  tasks:\n  - {name: worker, replicas: 2, template: {spec: {containers: [{name: main, image: trainer}]}}}\n"

// TestParseJobRefusesWhatItUsedToDropSilently: a duplicate key kept its last value and a second document
// was ignored; both are ValidationErrors naming the field or line.
func TestParseJobRefusesWhatItUsedToDropSilently(t *testing.T) {
	cases := map[string]struct{ doc, field, want string }{
		"duplicate key":   {parseJob + "  minAvailable: 2\n", "spec.minAvailable", `duplicate key "minAvailable" (first at line 5) (line 8)`},
		"second document": {parseJob + "---\n" + parseJob, "job", "a second document where one is expected (line 9)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := volcano.ParseJob([]byte(c.doc))
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
			assert.Contains(t, ve.Reason, c.want)
		})
	}
	job, err := volcano.ParseJob([]byte(parseJob))
	require.NoError(t, err)
	assert.Equal(t, int32(1), job.Spec.MinAvailable)
}

// TestParseJobRefusesAnAliasBomb: a 1 MiB string referenced 2,000 times used to be expanded to 2 GiB.
func TestParseJobRefusesAnAliasBomb(t *testing.T) {
	bomb := strictyamltest.AliasBomb("apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\n")
	cost, err := strictyamltest.Measure(func() error { _, err := volcano.ParseJob(bomb); return err })
	require.ErrorIs(t, err, volcano.ErrInvalid)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}

func FuzzParseJob(f *testing.F) {
	f.Add([]byte(parseJob))
	f.Add([]byte(`{"spec":{"tasks":[{"template":{"spec":{"containers":[{"resources":{"limits":{"cpu":"x"}}}]}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		job, err := volcano.ParseJob(data)
		if err == nil {
			require.NotNil(t, job)
		}
	})
}
