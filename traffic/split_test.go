package traffic_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fleetkit/fleetkit/traffic"
)

func TestSplitValidate(t *testing.T) {
	cookie := traffic.Match{Cookie: "^(.*?;)?(canary=always)(;.*)?$"}
	cases := map[string]struct {
		split traffic.Split
		field string
	}{
		"primary only":       {traffic.PrimaryOnly(), ""},
		"weighted":           {traffic.Weighted(30), ""},
		"mirrored":           {traffic.Mirrored(12.5), ""},
		"a/b":                {traffic.Split{Canary: 100, Match: []traffic.Match{cookie}}, ""},
		"negative primary":   {traffic.Split{Primary: -10, Canary: 110}, "split.primary"},
		"canary above 100":   {traffic.Split{Primary: 0, Canary: 101}, "split.canary"},
		"sum not 100":        {traffic.Split{Primary: 50, Canary: 40}, "split"},
		"mirror zero":        {traffic.Mirrored(0), "split.mirror.percent"},
		"mirror above 100":   {traffic.Mirrored(100.5), "split.mirror.percent"},
		"empty match":        {traffic.Split{Canary: 100, Match: []traffic.Match{{}}}, "split.match[0]"},
		"bad cookie regex":   {traffic.Split{Canary: 100, Match: []traffic.Match{{Cookie: "("}}}, "split.match[0].cookie"},
		"upper-case header":  {traffic.Split{Canary: 100, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"X-User": traffic.Exact("a")}}}}, "split.match[0].headers[X-User]"},
		"pseudo-header":      {traffic.Split{Canary: 100, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"method": traffic.Exact("GET")}}}}, "split.match[0].headers[method]"},
		"header with colon":  {traffic.Split{Canary: 100, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{":path": traffic.Exact("/")}}}}, "split.match[0].headers[:path]"},
		"cookie twice":       {traffic.Split{Canary: 100, Match: []traffic.Match{{Cookie: "a", Headers: map[string]traffic.StringMatch{"cookie": traffic.Exact("a")}}}}, "split.match[0].headers[cookie]"},
		"two string kinds":   {traffic.Split{Canary: 100, Match: []traffic.Match{{URI: &traffic.StringMatch{Exact: "/a", Prefix: "/"}}}}, "split.match[0].uri"},
		"no string kind":     {traffic.Split{Canary: 100, Match: []traffic.Match{{Method: &traffic.StringMatch{}}}}, "split.match[0].method"},
		"bad header regex":   {traffic.Split{Canary: 100, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"x": traffic.Regex("a(")}}}}, "split.match[0].headers[x].regex"},
		"empty query name":   {traffic.Split{Canary: 100, Match: []traffic.Match{{QueryParams: map[string]traffic.StringMatch{"": traffic.Exact("1")}}}}, "split.match[0].queryParams"},
		"bad query match":    {traffic.Split{Canary: 100, Match: []traffic.Match{{QueryParams: map[string]traffic.StringMatch{"v": {}}}}}, "split.match[0].queryParams[v]"},
		"second rule is bad": {traffic.Split{Canary: 100, Match: []traffic.Match{cookie, {URI: &traffic.StringMatch{}}}}, "split.match[1].uri"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assertField(t, tc.split.Validate(), tc.field)
		})
	}
}

func TestUpperCaseHeaderNameSaysHowToWriteIt(t *testing.T) {
	err := traffic.ValidateMatches("match", []traffic.Match{{Headers: map[string]traffic.StringMatch{"X-Canary": traffic.Exact("insider")}}})
	assertField(t, err, "match[0].headers[X-Canary]")
	assert.Contains(t, err.Error(), `write "x-canary"`)
}

func TestValidateMatchesAndWeightsNameFieldsUnderTheCallersPath(t *testing.T) {
	assertField(t, traffic.ValidateMatches("spec.match", []traffic.Match{{Cookie: "a"}, {}}), "spec.match[1]")
	assertField(t, traffic.ValidateMatches("spec.match", nil), "")
	assertField(t, traffic.Split{Primary: 90, Canary: 20}.ValidateWeights("routes"), "routes")
	assertField(t, traffic.Split{Primary: 100, Mirror: &traffic.Mirror{}}.ValidateWeights("routes"), "routes.mirror.percent")
	bad := traffic.Split{Primary: 100, Match: []traffic.Match{{Cookie: "("}}}
	assertField(t, bad.ValidateWeights("routes"), "")
	assertField(t, bad.Validate(), "split.match[0].cookie")
}

func TestSplitValidateReportsHeadersInNameOrder(t *testing.T) {
	s := traffic.Split{Canary: 100, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{
		"b": {}, "a": {}, "c": {},
	}}}}
	for range 20 {
		assertField(t, s.Validate(), "split.match[0].headers[a]")
	}
}

func TestSplitEqual(t *testing.T) {
	ab := traffic.Split{Canary: 100, Match: []traffic.Match{{URI: &traffic.StringMatch{Prefix: "/api"}}}}
	cases := map[string]struct {
		a, b traffic.Split
		want bool
	}{
		"same weights":          {traffic.Weighted(10), traffic.Weighted(10), true},
		"different weights":     {traffic.Weighted(10), traffic.Weighted(20), false},
		"mirror vs none":        {traffic.Mirrored(100), traffic.PrimaryOnly(), false},
		"mirror percent":        {traffic.Mirrored(50), traffic.Mirrored(100), false},
		"nil and empty match":   {traffic.Split{Primary: 100, Match: []traffic.Match{}}, traffic.PrimaryOnly(), true},
		"same match":            {ab, traffic.Split{Canary: 100, Match: []traffic.Match{{URI: &traffic.StringMatch{Prefix: "/api"}}}}, true},
		"different match value": {ab, traffic.Split{Canary: 100, Match: []traffic.Match{{URI: &traffic.StringMatch{Prefix: "/v2"}}}}, false},
		"match vs no match":     {ab, traffic.Split{Canary: 100}, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.a.Equal(tc.b))
			assert.Equal(t, tc.want, tc.b.Equal(tc.a))
		})
	}
}

func TestSplitString(t *testing.T) {
	assert.Equal(t, "90/10", traffic.Weighted(10).String())
	assert.Equal(t, "100/0 mirror 25%", traffic.Mirrored(25).String())
	s := traffic.Split{Canary: 100, Match: []traffic.Match{{Cookie: "x"}}}
	assert.Equal(t, "0/100 match(1)", s.String())
}

func FuzzSplitValidate(f *testing.F) {
	f.Add(90, 10, 0.0, "", "")
	f.Add(0, 100, 0.0, "^(.*?;)?(canary=always)(;.*)?$", "/api")
	f.Add(100, 0, 50.0, "", "")
	f.Add(-1, 101, -3.0, "(", "")
	f.Fuzz(func(t *testing.T, primary, canary int, mirror float64, cookie, uri string) {
		s := traffic.Split{Primary: primary, Canary: canary}
		if mirror != 0 {
			s.Mirror = &traffic.Mirror{Percent: mirror}
		}
		if cookie != "" || uri != "" {
			m := traffic.Match{Cookie: cookie}
			if uri != "" {
				m.URI = &traffic.StringMatch{Prefix: uri}
			}
			s.Match = []traffic.Match{m}
		}
		err := s.Validate()
		if err != nil {
			assertField(t, err, fieldOf(err))
			return
		}
		// A valid split always routes all requests and never mirrors more
		// than everything.
		assert.Equal(t, traffic.TotalWeight, s.Primary+s.Canary)
		assert.True(t, s.Primary >= 0 && s.Canary >= 0)
		if s.Mirror != nil {
			assert.True(t, s.Mirror.Percent > 0 && s.Mirror.Percent <= 100)
		}
		assert.True(t, s.Equal(s))
	})
}

func fieldOf(err error) string {
	if ve := (*traffic.ValidationError)(nil); errors.As(err, &ve) {
		return ve.Field
	}
	return "<not a ValidationError>"
}

func BenchmarkSplitValidate(b *testing.B) {
	s := traffic.Split{Canary: 100, Match: []traffic.Match{
		{Headers: map[string]traffic.StringMatch{"x-user": traffic.Exact("beta")}},
		{Cookie: "^(.*?;)?(canary=always)(;.*)?$"},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
