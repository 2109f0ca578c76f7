package startup

import (
	"os"
	"runtime/debug"
)

// PauseLimit is the soft memory limit in force while collection is paused: several times what package
// initialisation allocates, far below what any machine running fleetctl has.
const PauseLimit = 64 << 20

// paused records what init changed, for Resume.
var paused struct {
	on        bool
	gcPercent int
	memoryCap int64
}

func init() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	paused.memoryCap = debug.SetMemoryLimit(PauseLimit)
	paused.gcPercent = debug.SetGCPercent(-1)
	paused.on = true
}

// Resume restores the collector's settings from before init paused it and reports whether it had
// been paused. Call it first thing in main; later calls do nothing.
func Resume() bool {
	if !paused.on {
		return false
	}
	paused.on = false
	debug.SetGCPercent(paused.gcPercent)
	debug.SetMemoryLimit(paused.memoryCap)
	return true
}
