package traffic

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Match selects requests. All conditions set in one Match must hold.
type Match struct {
	// Headers match request headers by name. HTTP header names are
	// case-insensitive and meshes match them in lower case, so names must be
	// written in lower case ("x-canary"); see the package documentation.
	// Names are RFC 7230 tokens, or Istio's @request.auth.claims.<claim>; a
	// regular expression is at most 1024 bytes, as Istio validates.
	Headers map[string]StringMatch `json:"headers,omitempty"`
	// Cookie is a regular expression on the Cookie header, Flagger's
	// "^(.*?;)?(canary=always)(;.*)?$" idiom. It cannot be combined with a
	// "cookie" entry in Headers, and it is the only spelling of a regular
	// expression on that header: Headers["cookie"] takes exact and prefix
	// matches only, so that a split read back from a mesh equals the one
	// written.
	Cookie string `json:"cookie,omitempty"`
	// URI matches the request path.
	URI *StringMatch `json:"uri,omitempty"`
	// Method matches the HTTP method.
	Method *StringMatch `json:"method,omitempty"`
	// QueryParams match query parameters by name.
	QueryParams map[string]StringMatch `json:"queryParams,omitempty"`
}

// CookieHeader is the header a Match's Cookie condition applies to.
const CookieHeader = "cookie"

// maxRegexLen is the longest regular expression Istio accepts (istio pkg/config/validation
// validateStringMatchRegexp: Envoy limits the RE2 program size, which the length approximates).
const maxRegexLen = 1024

// jwtClaimPrefix starts the header-match form Istio routes on a JWT claim by
// (@request.auth.claims.<name>), which is not an HTTP header name.
const jwtClaimPrefix = "@request.auth.claims."

// reservedHeaders are pseudo-header names a mesh ignores as header matches
// (Istio v1.29 HTTPMatchRequest.headers: "The keys uri, scheme, method, and
// authority will be ignored"), which would silently widen the match.
var reservedHeaders = []string{"uri", "scheme", "method", "authority"}

// StringMatch matches a string exactly, by prefix, or by an RE2 regular
// expression. Exactly one must be set.
type StringMatch struct {
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Regex  string `json:"regex,omitempty"`
}

// Exact returns a StringMatch for exactly s.
func Exact(s string) StringMatch { return StringMatch{Exact: s} }

// Prefix returns a StringMatch for strings starting with s.
func Prefix(s string) StringMatch { return StringMatch{Prefix: s} }

// Regex returns a StringMatch for strings matching the RE2 expression s.
func Regex(s string) StringMatch { return StringMatch{Regex: s} }

// IsZero reports whether the match has no condition.
func (m *Match) IsZero() bool {
	return len(m.Headers) == 0 && m.Cookie == "" && m.URI == nil && m.Method == nil && len(m.QueryParams) == 0
}

// Equal reports whether two matches have the same conditions.
func (m Match) Equal(o Match) bool {
	return maps.Equal(m.Headers, o.Headers) && m.Cookie == o.Cookie && ptrEqual(m.URI, o.URI) &&
		ptrEqual(m.Method, o.Method) && maps.Equal(m.QueryParams, o.QueryParams)
}

func ptrEqual(a, b *StringMatch) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// ValidateMatches validates match rules exactly as Split.Validate does,
// naming the fields under field: ValidateMatches("match", ms) reports
// "match[0].headers[X-Canary]". Types that embed match rules (a rollout
// spec) validate them with it, so that what they accept a router accepts.
//
// Each invalid rule is reported (its first invalid field), joined in the
// order of their fields.
func ValidateMatches(field string, ms []Match) error {
	var p problems
	for i := range ms {
		p.add(ms[i].validate(field + "[" + strconv.Itoa(i) + "]"))
	}
	return p.join()
}

func (m *Match) validate(field string) error {
	if m.IsZero() {
		return invalid(field, "has no condition: an empty match would route every request")
	}
	if err := m.validateHeaders(field); err != nil {
		return err
	}
	if m.Cookie != "" {
		if err := checkRegex(field+".cookie", m.Cookie); err != nil {
			return err
		}
	}
	if err := optional(m.URI, field+".uri"); err != nil {
		return err
	}
	if err := optional(m.Method, field+".method"); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(m.QueryParams)) {
		sm := m.QueryParams[name]
		if name == "" {
			return invalid(field+".queryParams", "parameter names must not be empty")
		}
		if err := sm.validate(field + ".queryParams[" + name + "]"); err != nil {
			return err
		}
	}
	return nil
}

func (m *Match) validateHeaders(field string) error {
	for _, name := range slices.Sorted(maps.Keys(m.Headers)) {
		sm := m.Headers[name]
		f := field + ".headers[" + name + "]"
		if err := headerName(f, name); err != nil {
			return err
		}
		if name == CookieHeader && m.Cookie != "" {
			return invalid(f, "conflicts with cookie: set one of them")
		}
		// Meshes write Cookie as this very match, so it would read back as
		// Cookie: a different split, taken for another writer's change.
		if name == CookieHeader && sm.Regex != "" {
			return invalid(f+".regex", "a regular expression on the cookie header is the cookie condition: set cookie: %q", sm.Regex)
		}
		if err := sm.validate(f); err != nil {
			return err
		}
	}
	return nil
}

// headerName refuses header names a router would reject or ignore. Names
// are not lower-cased here: the model keeps one spelling of each name, so
// that two spellings of one header cannot both appear in a match and a
// route read back from a mesh compares equal to the one written.
func headerName(field, name string) error {
	switch {
	case name == "" || strings.ContainsAny(name, " :"):
		return invalid(field, "header names must be non-empty and without spaces or colons")
	case !strings.HasPrefix(name, jwtClaimPrefix) && strings.IndexFunc(name, notTokenChar) >= 0:
		return invalid(field, "header names are RFC 7230 tokens (letters, digits and !#$%%&'*+-.^_`|~), as Istio requires")
	case name != strings.ToLower(name):
		return invalid(field, "header names are case-insensitive and matched in lower case: write %q",
			strings.ToLower(name))
	case slices.Contains(reservedHeaders, name):
		return invalid(field, "%q names a pseudo-header, which meshes ignore as a header match "+
			"(for the path and method, set uri or method)", name)
	}
	return nil
}

func optional(sm *StringMatch, field string) error {
	if sm == nil {
		return nil
	}
	return sm.validate(field)
}

func (s StringMatch) validate(field string) error {
	n := 0
	for _, v := range []string{s.Exact, s.Prefix, s.Regex} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		return invalid(field, "set exactly one of exact, prefix and regex (%d set)", n)
	}
	if s.Regex != "" {
		return checkRegex(field+".regex", s.Regex)
	}
	return nil
}

// checkRegex refuses what is not an RE2 expression, and one longer than Istio accepts.
func checkRegex(field, re string) error {
	if len(re) > maxRegexLen {
		return invalid(field, "a regular expression of %d bytes: Istio accepts at most %d", len(re), maxRegexLen)
	}
	if _, err := regexp.Compile(re); err != nil {
		return invalid(field, "not an RE2 expression: %v", err)
	}
	return nil
}

// notTokenChar is true of a character an RFC 7230 token (a header name) may not hold.
func notTokenChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return false
	}
	return !strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}
