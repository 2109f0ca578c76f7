// Package strictyamltest builds hostile inputs for the tests of every decoder of user bytes, and measures
// how a decoder copes with them.
package strictyamltest

import (
	"bytes"
	"runtime"
	"strings"
	"time"
)

// Alias bomb dimensions: a 1 MiB string referenced 2,000 times expands to 2 GiB.
const (
	BombStringBytes = 1 << 20
	BombReferences  = 2000
	// bombPadding plain nodes keep the share of aliases under the ratio at which go-yaml refuses to
	// expand them, so a decoder that relies on that check alone expands the whole bomb.
	bombPadding = 1000
)

// AliasBomb returns a YAML mapping whose key "bomb" anchors a 1 MiB string that "refs" references 2,000
// times, padded ("pad") past go-yaml's alias-ratio check. keys are prepended as they are, so a caller
// can make the document look like its own format (e.g. "apiVersion: v1\nkind: Pod\n").
func AliasBomb(keys string) []byte {
	var b bytes.Buffer
	b.Grow(BombStringBytes + 8*BombReferences + 4*bombPadding + len(keys) + 64)
	b.WriteString(keys)
	b.WriteString("bomb: &bomb \"")
	b.WriteString(strings.Repeat("x", BombStringBytes))
	b.WriteString("\"\nrefs: [")
	for i := range BombReferences {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("*bomb")
	}
	b.WriteString("]\npad: [")
	for i := range bombPadding {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('0')
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// Cost is what one call took: wall time and bytes allocated (runtime.MemStats.TotalAlloc, which counts
// every allocation, freed or not).
type Cost struct {
	Duration time.Duration
	Alloc    uint64
}

// Measure runs fn and returns its cost and error. Allocations of other goroutines running at the
// same time count too, so tests that measure should not run in parallel.
//
// Wall time on a shared machine is noisy (other test binaries run beside this one): a run over Budget
// is repeated, up to three runs in all, and the cheapest kept. A decoder that really expands a hostile
// input is over budget every time; one that was only descheduled is not.
func Measure(fn func() error) (Cost, error) {
	best, err := measureOnce(fn)
	for range 2 {
		if best.Within(Budget) {
			break
		}
		c, e := measureOnce(fn)
		if c.Duration < best.Duration {
			best.Duration = c.Duration
		}
		if c.Alloc < best.Alloc {
			best.Alloc = c.Alloc
		}
		err = e
	}
	return best, err
}

func measureOnce(fn func() error) (Cost, error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	err := fn()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return Cost{Duration: d, Alloc: after.TotalAlloc - before.TotalAlloc}, err
}

// Budget is what refusing a hostile input may cost at most: the bound the decoders promise (one second,
// 100 MB), with the time scaled for the race detector's slowdown.
var Budget = Cost{Duration: slowdown * time.Second, Alloc: 100 << 20}

// Within reports whether c stays inside b.
func (c Cost) Within(b Cost) bool { return c.Duration < b.Duration && c.Alloc < b.Alloc }
