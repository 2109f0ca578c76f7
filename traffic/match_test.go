package traffic_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

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

// Istio has no cookie matcher: the cookie condition is written as a regular
// expression on the cookie header, so a header match on "cookie" by regex
// is the same route in another spelling, and it reads back as the cookie
// condition — a different split, which the runner took for routes changed
// by someone else at the next step. One spelling is accepted, and the error
// names it; exact and prefix matches on the header have no other spelling.
func TestValidateMatchesWantsTheCookieConditionForACookieRegex(t *testing.T) {
	re := "^(.*?;)?(canary=always)(;.*)?$"
	cases := map[string]struct {
		m     traffic.Match
		field string
	}{
		"a regex on the cookie header": {traffic.Match{Headers: map[string]traffic.StringMatch{"cookie": traffic.Regex(re)}}, "m[0].headers[cookie].regex"},
		"the cookie condition":         {traffic.Match{Cookie: re}, ""},
		"an exact cookie header":       {traffic.Match{Headers: map[string]traffic.StringMatch{"cookie": traffic.Exact("canary=always")}}, ""},
		"a cookie header prefix":       {traffic.Match{Headers: map[string]traffic.StringMatch{"cookie": traffic.Prefix("canary=")}}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := traffic.ValidateMatches("m", []traffic.Match{tc.m})
			assertField(t, err, tc.field)
			if tc.field != "" {
				assert.Contains(t, err.Error(), `set cookie: "`+re+`"`)
			}
		})
	}
}
