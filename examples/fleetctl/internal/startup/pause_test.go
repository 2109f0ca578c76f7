package startup_test

import (
	"math"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/examples/fleetctl/internal/startup"
)

// settings reads the collector's percent and memory limit without changing them.
func settings() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// TestPausedUntilResume: the package's init paused collection under a memory limit, and Resume restores
// the runtime's defaults once.
func TestPausedUntilResume(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the pause is off by design (TestEnvironmentWins covers it)")
	}
	percent, limit := settings()
	assert.Equal(t, -1, percent, "collection is paused during initialisation")
	assert.Equal(t, int64(startup.PauseLimit), limit, "the pause is bounded by a soft memory limit")

	require.True(t, startup.Resume())
	percent, limit = settings()
	assert.Equal(t, 100, percent, "GOGC's default")
	assert.Equal(t, int64(math.MaxInt64), limit, "GOMEMLIMIT's default")

	assert.False(t, startup.Resume(), "a second Resume changes nothing")
	percent, _ = settings()
	assert.Equal(t, 100, percent)
}

// TestEnvironmentWins: with GOGC or GOMEMLIMIT set, init does not pause collection (the user's setting
// applies from the first allocation) and Resume reports that there was nothing to resume. The check runs
// in a child test process, since init has already run in this one.
func TestEnvironmentWins(t *testing.T) {
	if os.Getenv("STARTUP_CHILD") != "" {
		t.Skip("child process")
	}
	for _, env := range []string{"GOGC=200", "GOMEMLIMIT=1GiB"} {
		t.Run(env, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run", "^TestChildNotPaused$", "-test.v")
			cmd.Env = append(os.Environ(), env, "STARTUP_CHILD=1")
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.True(t, strings.Contains(string(out), "--- PASS: TestChildNotPaused"), "%s", out)
		})
	}
}

// TestChildNotPaused runs only as TestEnvironmentWins's child.
func TestChildNotPaused(t *testing.T) {
	if os.Getenv("STARTUP_CHILD") == "" {
		t.Skip("run by TestEnvironmentWins")
	}
	percent, _ := settings()
	assert.NotEqual(t, -1, percent)
	assert.False(t, startup.Resume())
}
