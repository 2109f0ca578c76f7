package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/testenv"
)

// TestCommittedSchemasAreFresh fetches the schemas from the test environment's kube-apiserver and compares
// them with the file policy embeds: a stale file (a new Kubernetes version, a changed kind list) fails here
// until `make generate` is run.
func TestCommittedSchemasAreFresh(t *testing.T) {
	env, err := testenv.Start(testenv.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, env.Stop()) })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fresh, err := Generate(ctx, env.Config)
	require.NoError(t, err)
	committed, err := os.ReadFile(filepath.Join("..", "..", DefaultPath))
	require.NoError(t, err)
	assert.True(t, string(committed) == string(fresh), "%s is stale: run make generate", DefaultPath)
}
