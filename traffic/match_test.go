package traffic_test

import (
	"strings"
	"testing"

	"github.com/fleetkit/fleetkit/traffic"
)

// What istiod's validation refuses (istio pkg/config/validation: header names are RFC 7230 tokens,
// pseudo-headers or the @request.auth.claims form; a regex is at most 1024 bytes) is refused when the
// spec is validated, not by the API server at the first step of a rollout.
func TestValidateMatchesRefusesWhatIstioRefuses(t *testing.T) {
	long := "^" + strings.Repeat("a", 1024) + "$"
	cases := map[string]struct {
		m     traffic.Match
		field string
	}{
		"slash in a header name":       {traffic.Match{Headers: map[string]traffic.StringMatch{"x/user": traffic.Exact("a")}}, "m[0].headers[x/user]"},
		"comma in a header name":       {traffic.Match{Headers: map[string]traffic.StringMatch{"x,y": traffic.Exact("a")}}, "m[0].headers[x,y]"},
		"a token":                      {traffic.Match{Headers: map[string]traffic.StringMatch{"x-canary_v2.b!": traffic.Exact("a")}}, ""},
		"a JWT claim":                  {traffic.Match{Headers: map[string]traffic.StringMatch{"@request.auth.claims.group": traffic.Exact("beta")}}, ""},
		"a long header regex":          {traffic.Match{Headers: map[string]traffic.StringMatch{"x-a": traffic.Regex(long)}}, "m[0].headers[x-a].regex"},
		"a long cookie regex":          {traffic.Match{Cookie: long}, "m[0].cookie"},
		"a long uri regex":             {traffic.Match{URI: &traffic.StringMatch{Regex: long}}, "m[0].uri.regex"},
		"a 1024-byte regex is allowed": {traffic.Match{URI: &traffic.StringMatch{Regex: long[:1024]}}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assertField(t, traffic.ValidateMatches("m", []traffic.Match{tc.m}), tc.field)
		})
	}
}
