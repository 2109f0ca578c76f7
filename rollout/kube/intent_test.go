package kube_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
)

func TestParseIntent(t *testing.T) {
	tests := []struct {
		raw     string
		want    rollout.Intents
		unknown []string
	}{
		{"", rollout.Intents{}, nil},
		{"promote", rollout.Intents{Promote: true}, nil},
		{" skip , Abort", rollout.Intents{Skip: true, Abort: true}, nil},
		{"retry,,suspend", rollout.Intents{Retry: true, Suspend: true}, nil},
		{"promot", rollout.Intents{}, []string{"promot"}},
		{"skip, rollback ,now", rollout.Intents{Skip: true}, []string{"rollback", "now"}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := kube.ParseIntent(tt.raw)
			assert.Equal(t, tt.want, got.Intents)
			assert.Equal(t, tt.unknown, got.Unknown)
			assert.Equal(t, tt.raw, got.Raw)
		})
	}
}

// Issue 13, fault 5: the intent is consumed with compare-and-clear. Before: the clear deleted
// whatever the annotation held, so an abort written during a skip tick was lost.
func TestConsumeClearsOnlyTheIntentRead(t *testing.T) {
	tests := []struct {
		name        string
		during      string // what the operator writes during the tick; "-" deletes it
		wantCleared bool
		want        string // the annotation afterwards
	}{
		{"nothing written during the tick", "", true, ""},
		{"an abort written during a skip tick", "abort", false, "abort"},
		{"skip and abort written during the tick", "skip,abort", false, "skip,abort"},
		{"the operator removed it", "-", false, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			key, opts := target(t, "kube-intent-"+string(rune('a'+i)), "podinfo:1.0")
			annotate(t, key, kube.AnnotationIntent, "skip")
			in, err := kube.NewIntents(env.Client, opts)
			require.NoError(t, err)
			read, err := in.Read(ctx)
			require.NoError(t, err)
			require.True(t, read.Skip)
			switch tt.during {
			case "":
			case "-":
				annotate(t, key, kube.AnnotationIntent, "")
			default:
				annotate(t, key, kube.AnnotationIntent, tt.during)
			}
			cleared, err := in.Consume(ctx, read)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCleared, cleared)
			assert.Equal(t, tt.want, get(t, key.Namespace, key.Name).Annotations[kube.AnnotationIntent])
			next, err := in.Read(ctx)
			require.NoError(t, err)
			assert.Equal(t, tt.during == "abort" || tt.during == "skip,abort", next.Abort, "the abort reaches the next tick")
		})
	}
}

func TestConsumeOfNothingWritesNothing(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-intent-none", "podinfo:1.0")
	in, err := kube.NewIntents(env.Client, opts)
	require.NoError(t, err)
	rv := get(t, key.Namespace, key.Name).ResourceVersion
	cleared, err := in.Consume(ctx, kube.Intent{})
	require.NoError(t, err)
	assert.False(t, cleared)
	assert.Equal(t, rv, get(t, key.Namespace, key.Name).ResourceVersion)
}
