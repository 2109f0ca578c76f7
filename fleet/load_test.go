package fleet_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
)

// TestLoadRefusesWhatItUsedToDropSilently: input the YAML→JSON path accepted by keeping one of two
// values, or by ignoring a whole document, is an error naming the key or line.
func TestLoadRefusesWhatItUsedToDropSilently(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"duplicate key": {"members:\n- name: a\n  region: cn-north\n  region: cn-east\n",
			`members[0].region: duplicate key "region" (first at line 3) (line 4)`},
		"duplicate JSON key":  {`{"members":[{"name":"a"}],"members":[{"name":"b"}]}`, `members: duplicate key "members"`},
		"second document":     {"members: [{name: a}]\n---\nmembers: [{name: b}]\n", "a second document where one is expected (line 3)"},
		"unknown field named": {"members:\n- name: a\n- name: b\n  regoin: x\n", `members[1].regoin: unknown field (did you mean "region"?) (line 4)`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := fleet.Load([]byte(c.doc))
			require.ErrorIs(t, err, fleet.ErrDecode)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// TestLoadRefusesAnAliasBomb: a 1 MiB string referenced 2,000 times used to be expanded to 2 GiB (out of
// memory after ~5 s); it is refused by its decoded size, measured without expanding it.
func TestLoadRefusesAnAliasBomb(t *testing.T) {
	bomb := strictyamltest.AliasBomb("members: [{name: a}]\n")
	cost, err := strictyamltest.Measure(func() error { _, err := fleet.Load(bomb); return err })
	require.ErrorIs(t, err, fleet.ErrDecode)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}
