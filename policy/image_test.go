package policy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/policy"
)

const sha = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParseImage(t *testing.T) {
	cases := []struct {
		ref    string
		want   policy.ImageRef
		latest bool
		full   string
	}{
		{"nginx", policy.ImageRef{Registry: "docker.io", Repository: "library/nginx"}, true, "docker.io/library/nginx"},
		{"nginx:1.25", policy.ImageRef{Registry: "docker.io", Repository: "library/nginx", Tag: "1.25"}, false, "docker.io/library/nginx:1.25"},
		{"nginx:latest", policy.ImageRef{Registry: "docker.io", Repository: "library/nginx", Tag: "latest"}, true, "docker.io/library/nginx:latest"},
		{"nginx@" + sha, policy.ImageRef{Registry: "docker.io", Repository: "library/nginx", Digest: sha}, false, "docker.io/library/nginx@" + sha},
		{"nginx:latest@" + sha, policy.ImageRef{Registry: "docker.io", Repository: "library/nginx", Tag: "latest", Digest: sha}, true, ""},
		{"bitnami/redis:7", policy.ImageRef{Registry: "docker.io", Repository: "bitnami/redis", Tag: "7"}, false, "docker.io/bitnami/redis:7"},
		{"registry.local:5000/app", policy.ImageRef{Registry: "registry.local:5000", Repository: "app"}, true, "registry.local:5000/app"},
		{"registry.local:5000/team/app:1.0", policy.ImageRef{Registry: "registry.local:5000", Repository: "team/app", Tag: "1.0"}, false, ""},
		{"localhost/app:dev", policy.ImageRef{Registry: "localhost", Repository: "app", Tag: "dev"}, false, ""},
		{"registry.corp.example.evil.io/app:1.2", policy.ImageRef{Registry: "registry.corp.example.evil.io", Repository: "app", Tag: "1.2"}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.ref, func(t *testing.T) {
			got, err := policy.ParseImage(c.ref)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.latest, got.IsLatest())
			if c.full != "" {
				assert.Equal(t, c.full, got.String())
			}
		})
	}
}

func TestParseImageRejectsMalformedReferences(t *testing.T) {
	for _, ref := range []string{"", "nginx 1.25", "nginx@sha256:xyz", "registry.local/", "a//b", "nginx:", "nginx:-x"} {
		_, err := policy.ParseImage(ref)
		assert.ErrorIs(t, err, policy.ErrImageReference, ref)
	}
}

// FuzzParseImage checks the invariants of parsing: the fully-qualified form parses to the same reference
// (qualifying is idempotent), always names a registry host, and keeps tag and digest.
func FuzzParseImage(f *testing.F) {
	for _, seed := range []string{"nginx", "nginx:1.25", "registry.local:5000/app", "ghcr.io/corp/x@" + sha, "a/b/c:d", "localhost/x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		got, err := policy.ParseImage(ref)
		if err != nil {
			return
		}
		again, err := policy.ParseImage(got.String())
		require.NoError(t, err, "re-parsing %q", got.String())
		assert.Equal(t, got, again)
		assert.NotEmpty(t, got.Registry)
		assert.Equal(t, got.Tag == "latest" || (got.Tag == "" && got.Digest == ""), got.IsLatest())
	})
}
