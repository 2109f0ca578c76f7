package policy_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
	"github.com/fleetkit/fleetkit/policy"
)

// TestLoadRefusesWhatItUsedToDropSilently: `action: Enforce` then `action: Warn` used to compile to Warn
// (the last key won), and a second document was ignored; both are errors naming the key or line.
func TestLoadRefusesWhatItUsedToDropSilently(t *testing.T) {
	valid := withRules("    - disallowPrivileged: {}\n")
	cases := map[string]struct{ doc, want string }{
		"duplicate action": {strings.Replace(valid, "action: Enforce", "action: Enforce\n  action: Warn", 1),
			`spec.action: duplicate key "action" (first at line 5) (line 6)`},
		"duplicate rule key": {withRules("    - restrictImageRegistries: {allowed: [a.io/], allowed: [b.io/]}\n"),
			`spec.rules[0].restrictImageRegistries.allowed: duplicate key "allowed"`},
		"second document": {valid + "---\n" + valid, "a second document where one is expected (line 9)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := policy.Load([]byte(c.doc))
			require.ErrorIs(t, err, policy.ErrDecode)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// TestLoadRefusesAnAliasBomb: a 1 MiB string referenced 2,000 times used to be expanded to 2 GiB.
func TestLoadRefusesAnAliasBomb(t *testing.T) {
	bomb := strictyamltest.AliasBomb("apiVersion: policy.fleetkit.dev/v1alpha1\nkind: FleetPolicy\n")
	cost, err := strictyamltest.Measure(func() error { _, err := policy.Load(bomb); return err })
	require.ErrorIs(t, err, policy.ErrDecode)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(withRules("    - disallowPrivileged: {}\n")))
	f.Add([]byte("a: &a [x]\nb: [*a, *a]\n"))
	f.Add([]byte(`{"spec":{"rules":[{"cel":null}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Load(data)
		if err != nil {
			return
		}
		require.NoError(t, p.Validate(), "whatever loads is valid")
	})
}
