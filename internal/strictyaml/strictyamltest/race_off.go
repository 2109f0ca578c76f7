//go:build !race

package strictyamltest

// slowdown is 1 without the race detector: the time budget is the decoders' promise.
const slowdown = 1
