//go:build race

package strictyamltest

// slowdown is how much slower the race detector makes the decoders: the time budget grows by it, the
// allocation budget does not.
const slowdown = 5
