package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs fleetctl in-process and returns stdout, stderr and the error.
func runCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(args, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestDemoPrintsTheSampleFleet(t *testing.T) {
	out, _, err := runCLI(t, "demo")
	require.NoError(t, err)
	assert.Contains(t, out, "1. The fleet")
	for _, name := range []string{"karmada-host", "training-bj", "serving-sh", "edge-store-001", "edge-store-010"} {
		assert.Contains(t, out, name)
	}
}

func TestDemoWithAFleetFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fleet.yaml")
	require.NoError(t, os.WriteFile(path, []byte("name: mine\nmembers: [{name: only-one, region: eu-west}]\n"), 0o600))
	out, _, err := runCLI(t, "demo", "--fleet", path)
	require.NoError(t, err)
	assert.Contains(t, out, `Fleet "mine"`)
	assert.Contains(t, out, "only-one")
}

func TestDemoRejectsABadFleetFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fleet.yaml")
	require.NoError(t, os.WriteFile(path, []byte("members: [{name: a}, {name: a}]\n"), 0o600))
	_, stderr, err := runCLI(t, "demo", "--fleet", path)
	require.Error(t, err)
	assert.Contains(t, stderr, "members[1].name")
}

func TestVersionFormats(t *testing.T) {
	out, _, err := runCLI(t, "version", "-o", "json")
	require.NoError(t, err)
	var v versionInfo
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assert.Equal(t, "github.com/fleetkit/fleetkit", v.Module)

	out, _, err = runCLI(t, "version", "-o", "yaml")
	require.NoError(t, err)
	assert.Contains(t, out, "module: github.com/fleetkit/fleetkit")

	_, stderr, err := runCLI(t, "version", "-o", "xml")
	require.Error(t, err)
	assert.Contains(t, stderr, `unknown output format "xml"`)
}

func TestHelpHasExamples(t *testing.T) {
	root := newRootCmd()
	for _, cmd := range root.Commands() {
		if cmd.Name() == "help" || cmd.Name() == "completion" {
			continue
		}
		assert.NotEmpty(t, cmd.Example, "fleetctl %s --help has no example", cmd.Name())
		for _, sub := range cmd.Commands() {
			assert.NotEmpty(t, sub.Example, "fleetctl %s %s --help has no example", cmd.Name(), sub.Name())
		}
	}
	out, _, err := runCLI(t, "--help")
	require.NoError(t, err)
	assert.True(t, strings.Contains(out, "demo") && strings.Contains(out, "version"))
}

func TestUnknownCommandFails(t *testing.T) {
	_, stderr, err := runCLI(t, "frobnicate")
	require.Error(t, err)
	assert.Contains(t, stderr, "unknown command")
}

func TestReadInputIsStrict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.yaml")
	require.NoError(t, os.WriteFile(path, []byte("name: x\nnmae: y\n"), 0o600))
	var into struct {
		Name string `json:"name"`
	}
	err := readInput(path, &into)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nmae")
	assert.Error(t, readInput("", &into), "a missing -f must be an error")
}
