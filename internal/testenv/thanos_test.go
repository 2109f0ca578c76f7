package testenv_test

import (
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/testenv"
)

// The thanos binary the tests run is the one the tool module pins, and it is installed.
func TestThanosVersionIsTheToolModules(t *testing.T) {
	gomod, err := os.ReadFile("../../hack/tools/thanos/go.mod")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?github\.com/thanos-io/thanos v(\S+)`).FindSubmatch(gomod)
	require.NotNil(t, m, "hack/tools/thanos/go.mod requires no github.com/thanos-io/thanos")
	assert.Equal(t, testenv.ThanosVersion, string(m[1]))

	bin, err := testenv.ThanosBinary()
	require.NoError(t, err)
	out, err := exec.Command(bin, "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "thanos")
}

// A fleet without members is refused before anything starts.
func TestThanosNeedsMembers(t *testing.T) {
	_, err := testenv.LaunchThanos(testenv.ThanosOptions{})
	assert.ErrorContains(t, err, "at least one member")
}
