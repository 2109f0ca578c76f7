package strictyaml_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
)

// TestAliasBombIsRefusedCheaply: a 1 MiB string referenced 2,000 times (2 GiB expanded) is refused by its
// decoded size, measured without expanding it, in well under a second and 100 MB.
func TestAliasBombIsRefusedCheaply(t *testing.T) {
	bomb := strictyamltest.AliasBomb("")
	var out any
	cost, err := strictyamltest.Measure(func() error { return strictyaml.Unmarshal(bomb, &out) })
	require.ErrorIs(t, err, strictyaml.ErrLimit)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit of 33554432 bytes")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing the bomb cost %v and %d MB", cost.Duration, cost.Alloc>>20)
	t.Logf("alias bomb refused in %v, %d KB allocated", cost.Duration, cost.Alloc>>10)

	_, err = strictyaml.ParseAll(append([]byte("a: 1\n---\n"), bomb...))
	require.ErrorIs(t, err, strictyaml.ErrLimit)
}

// TestNestedAliasBomb: "billion laughs", ten levels of ten aliases, describes 10^10 nodes in 500 bytes.
func TestNestedAliasBomb(t *testing.T) {
	doc := "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 10; i++ {
		doc += "l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " ["
		for j := range 10 {
			if j > 0 {
				doc += ", "
			}
			doc += "*l" + string(rune('0'+i-1))
		}
		doc += "]\n"
	}
	var out any
	cost, err := strictyamltest.Measure(func() error { return strictyaml.Unmarshal([]byte(doc), &out) })
	var le *strictyaml.LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, strictyaml.LimitNodes, le.Limit)
	assert.True(t, cost.Within(strictyamltest.Budget), "%v, %d MB", cost.Duration, cost.Alloc>>20)
}

// TestManyNodesAreRefusedBeforeParsing: the parser keeps ~250 bytes per node, so a text with more nodes
// than the limit is refused from its indicators before the parser allocates for it.
func TestManyNodesAreRefusedBeforeParsing(t *testing.T) {
	data := make([]byte, 0, 16<<20-16)
	data = append(data, '[')
	for len(data) < cap(data)-2 {
		data = append(data, '0', ',')
	}
	data = append(data, '0', ']')
	var out any
	cost, err := strictyamltest.Measure(func() error {
		return strictyaml.Unmarshal(append([]byte("# yaml\n"), data...), &out)
	})
	var le *strictyaml.LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, strictyaml.LimitNodes, le.Limit)
	assert.True(t, le.Estimated)
	assert.True(t, cost.Within(strictyamltest.Budget), "%v, %d MB", cost.Duration, cost.Alloc>>20)

	cost, err = strictyamltest.Measure(func() error { return strictyaml.Unmarshal(data, &out) })
	require.ErrorAs(t, err, &le, "the same as JSON")
	assert.True(t, cost.Within(strictyamltest.Budget), "%v, %d MB", cost.Duration, cost.Alloc>>20)
}
