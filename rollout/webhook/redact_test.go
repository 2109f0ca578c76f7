package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/rollout/webhook"
)

// secretURLs are webhook URLs whose secret is in the path, the query or the user information; each
// carries the marker "s3cr3t" where the secret is.
var secretURLs = map[string]string{
	"slack path token":  "/services/T000s3cr3t/B000s3cr3t/XXXXs3cr3tXXXX",
	"discord path":      "/api/webhooks/1234s3cr3t/abcDEFs3cr3t",
	"lowercase token":   "/hooks/abcdefghijklmnopqrs3cr3tuvwxyz",
	"token query":       "/gate/approve?token=s3cr3t",
	"sig query":         "/hook?sig=s3cr3t&v=1",
	"bare query":        "/hook?s3cr3t",
	"fragment":          "/hook#s3cr3t",
	"user name only":    "user-s3cr3t@",
	"user and password": "user:s3cr3t@",
}

// compose puts a secret part into a URL for base (http://host:port).
func compose(base, part string) string {
	if strings.HasSuffix(part, "@") {
		return strings.Replace(base, "://", "://"+part, 1) + "/gate"
	}
	return base + part
}

// TestCallErrorsNeverShowSecretsInPathOrQuery: the redaction used to cover the password only, so a
// Slack-style path token or a ?token= reached the error, and from there events and logs.
func TestCallErrorsNeverShowSecretsInPathOrQuery(t *testing.T) {
	rejecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("denied " + r.URL.String())) // a server that echoes the request
	}))
	defer rejecting.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	for name, part := range secretURLs {
		for server, base := range map[string]string{"rejecting": rejecting.URL, "unreachable": closed.URL, "not http": "ftp://example.com"} {
			t.Run(name+"/"+server, func(t *testing.T) {
				raw := compose(base, part)
				_, err := c.Call(context.Background(), runner.HookRequest{Webhook: rollout.Webhook{Name: "gate", URL: raw,
					Timeout: metav1.Duration{Duration: time.Second}}})
				require.Error(t, err)
				assert.NotContains(t, err.Error(), "s3cr3t", raw)
			})
		}
	}
}
func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"http://loadtester.test/gate/approve":                        "http://loadtester.test/gate/approve",
		"https://hooks.slack.com/services/T000/B000/XXXX":            "https://hooks.slack.com/services/xxxxx/xxxxx/xxxxx",
		"https://u:p@example.com/hook?token=abc&sig=def&token=ghi#f": "https://xxxxx@example.com/hook?sig=xxxxx&token=xxxxx&token=xxxxx",
		"http://flagger-loadtester.test/":                            "http://flagger-loadtester.test/",
		"http://[::1":                                                "(a URL that does not parse)",
		"http://host:8080/rollback/check?namespace=test":             "http://host:8080/rollback/check?namespace=xxxxx",
	}
	for raw, want := range cases {
		assert.Equal(t, want, webhook.RedactURL(raw), raw)
	}
}

// FuzzRedactURLNeverShowsTheSecret puts an arbitrary secret into every part of a webhook URL that
// RedactURL hides and checks that neither it nor its escaped form comes out.
func FuzzRedactURLNeverShowsTheSecret(f *testing.F) {
	for _, seed := range []string{"XXXXs3cr3tXXXX", "abc/def?ghi", "Zm9vYmFy==", "secret token", "%41%42%43%44"} {
		f.Add(seed)
	}
	const host = "https://hooks.example.com"
	f.Fuzz(func(t *testing.T, secret string) {
		if len(secret) < 8 || strings.Contains(host+"/hook?xxxxx=", secret) {
			return // too short to be searched for, or part of the template itself
		}
		path, query := url.PathEscape(secret), url.QueryEscape(secret)
		raws := []string{
			host + "/hook?token=" + query, host + "/hook?" + query, host + "/hook#" + path,
			"https://" + url.UserPassword("u", secret).String() + "@hooks.example.com/hook",
			"https://" + url.User(secret).String() + "@hooks.example.com/hook",
		}
		if len(secret) > 16 || strings.ContainsFunc(secret, func(r rune) bool { return r < 'a' || r > 'z' }) {
			raws = append(raws, host+"/services/"+path+"/x") // a plain lowercase word is shown by design
		}
		for _, raw := range raws {
			got := webhook.RedactURL(raw)
			for _, form := range []string{secret, path, query} {
				assert.NotContains(t, got, form, raw)
			}
		}
	})
}
