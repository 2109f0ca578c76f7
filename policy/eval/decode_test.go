package eval_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
	"github.com/fleetkit/fleetkit/policy/eval"
)

const decodePod = "apiVersion: v1\nkind: Pod\nmetadata: {name: %s}\nspec: {containers: [{name: app, image: nginx}]}\n"

// TestDecodeRefusesWhatItUsedToDropSilently: a duplicate key in YAML kept its last value, in custom
// resources and built-in kinds alike (the YAML→JSON conversion dropped it before the strict codec could
// see it; only JSON input was checked); every duplicate is now an error naming the key and line.
func TestDecodeRefusesWhatItUsedToDropSilently(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"duplicate key in a custom resource": {"apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1, size: 2}\n",
			`spec.size: duplicate key "size" (first at line 4) (line 4)`},
		"duplicate key in a built-in kind": {"apiVersion: v1\nkind: Pod\nmetadata: {name: a, name: b}\n",
			`metadata.name: duplicate key "name"`},
		"duplicate JSON key": {`{"apiVersion":"v1","kind":"Pod","kind":"Service"}`, `kind: duplicate key "kind"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := eval.Decode([]byte(c.doc))
			require.ErrorIs(t, err, eval.ErrDecode)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// TestDecodeReadsListsAndNamesTheDocument: kubectl's `kind: List` output holds several objects; errors
// name the document (and item) they are in.
func TestDecodeReadsListsAndNamesTheDocument(t *testing.T) {
	list := "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n" +
		"- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n"
	objs, err := eval.Decode([]byte("---\n" + list + "---\n" + fmt.Sprintf(decodePod, "c")))
	require.NoError(t, err)
	require.Len(t, objs, 3)
	assert.Equal(t, "b", objs[1].(*corev1.Pod).Name)
	assert.Equal(t, "c", objs[2].(*corev1.Pod).Name)

	_, err = eval.Decode([]byte(fmt.Sprintf(decodePod, "a") + "---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, spec: {nodeNme: x}}\n"))
	require.ErrorIs(t, err, eval.ErrDecode)
	assert.Contains(t, err.Error(), "document 2, items[0]")
	assert.Contains(t, err.Error(), "nodeNme")
}

// TestDecodeRefusesAnAliasBomb: a 1 MiB string referenced 2,000 times used to be expanded to 2 GiB (out
// of memory after ~5 s).
func TestDecodeRefusesAnAliasBomb(t *testing.T) {
	bomb := strictyamltest.AliasBomb("apiVersion: example.com/v1\nkind: Widget\n")
	cost, err := strictyamltest.Measure(func() error { _, err := eval.Decode(bomb); return err })
	require.ErrorIs(t, err, eval.ErrDecode)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(fmt.Sprintf(decodePod, "a")))
	f.Add([]byte("kind: List\nitems: [{kind: Pod}]\n"))
	f.Add([]byte("a: &a [x]\nb: [*a, *a]\n---\n{\"c\": 1}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, err := eval.Decode(data)
		if err != nil {
			return
		}
		for _, o := range objs {
			require.NotNil(t, o)
		}
	})
}
