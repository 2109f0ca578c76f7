package spelling_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fleetkit/fleetkit/internal/spelling"
)

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"request-success-rate", "request-success-rate", 0},
		{"request-sucess-rate", "request-success-rate", 1},
		{"replcias", "replicas", 1}, // a swap is one edit
		{"kitten", "sitting", 3},
		{"abc", "cba", 2},
		{strings.Repeat("a", 65), "a", spelling.Far},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, spelling.Distance(c.a, c.b), "%q ~ %q", c.a, c.b)
		assert.Equal(t, c.want, spelling.Distance(c.b, c.a), "symmetric: %q ~ %q", c.b, c.a)
	}
}

func ExampleDistance() {
	fmt.Println(spelling.Distance("replcias", "replicas"), spelling.Distance("request-sucess-rate", "request-success-rate"))
	// Output: 1 1
}

func FuzzDistance(f *testing.F) {
	f.Add("request-sucess-rate", "request-success-rate")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := spelling.Distance(a, b)
		if len(a) > 64 || len(b) > 64 {
			assert.Equal(t, spelling.Far, d)
			return
		}
		assert.Equal(t, d, spelling.Distance(b, a))
		assert.LessOrEqual(t, d, max(len(a), len(b)))
		assert.GreaterOrEqual(t, d, max(len(a), len(b))-min(len(a), len(b)))
		assert.Equal(t, d == 0, a == b)
	})
}
