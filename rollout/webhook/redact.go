package webhook

import (
	"net/url"
	"sort"
	"strings"
)

// mask replaces every secret-bearing part of a URL when it is shown.
const mask = "xxxxx"

// maxWord is the longest path segment shown as it is.
const maxWord = 16

// RedactURL returns raw in a form safe for errors, events and logs. Webhook URLs often are the
// credential (a Slack or Discord incoming webhook is a path token, others take ?token= or ?sig=), so
// only what names the endpoint is kept:
//
//   - the scheme, host and port;
//   - path segments that are plain words: at most 16 characters, lowercase letters, '-', '_' and '.'
//     (/gate/approve, /services); any other segment (mixed case, digits, long) becomes "xxxxx";
//   - query keys that are plain words, sorted, each value replaced by "xxxxx"; any other key, and a
//     query part without '=', becomes "xxxxx".
//
// User information becomes "xxxxx@" (a user name alone can be a token) and the fragment is dropped. A
// URL that does not parse is not shown at all.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(a URL that does not parse)"
	}
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme + ":")
	}
	if u.Host != "" || u.User != nil {
		b.WriteString("//")
		if u.User != nil {
			b.WriteString(mask + "@")
		}
		b.WriteString(u.Host)
	}
	b.WriteString(redactPath(u.EscapedPath()))
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?" + redactQuery(u.RawQuery))
	}
	return b.String()
}

func redactPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if s != "" && !plainWord(s) {
			segs[i] = mask
		}
	}
	return strings.Join(segs, "/")
}

func plainWord(s string) bool {
	if len(s) > maxWord {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

func redactQuery(q string) string {
	var parts []string
	for part := range strings.SplitSeq(q, "&") {
		key, _, hasValue := strings.Cut(part, "=")
		switch {
		case part == "":
		case hasValue && plainWord(key): // a plain word needs no unescaping
			parts = append(parts, key+"="+mask)
		default: // a bare value, or a key that may itself be the secret
			parts = append(parts, mask)
		}
	}
	if len(parts) == 0 {
		return mask
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}

// minSecret is the shortest URL part treated as a secret when it is searched for in messages; shorter
// parts (v=1) would blank out unrelated text and are no credential.
const minSecret = 4

// redactor replaces a webhook URL, and each secret-bearing part of it, in text that may quote them: a
// transport error quotes the whole URL, a server may echo the request path or query in its answer.
func redactor(raw string, u *url.URL) *strings.Replacer {
	shown := RedactURL(raw)
	whole := []string{raw, u.String(), u.Redacted()}
	if u.User != nil { // net/http's own form: the password as ***
		v := *u
		v.User = url.UserPassword(u.User.Username(), "***")
		whole = append(whole, v.String())
	}
	var pairs []string
	for _, w := range whole {
		pairs = append(pairs, w, shown)
	}
	for _, p := range secretParts(u) {
		if len(p) >= minSecret {
			pairs = append(pairs, p, mask)
		}
	}
	return strings.NewReplacer(pairs...)
}

// secretParts lists what RedactURL hides, escaped and unescaped, longest first.
func secretParts(u *url.URL) []string {
	var parts []string
	add := func(escaped string, unescape func(string) (string, error)) {
		parts = append(parts, escaped)
		if s, err := unescape(escaped); err == nil {
			parts = append(parts, s)
		}
	}
	if u.User != nil {
		parts = append(parts, u.User.String(), u.User.Username())
		if pw, ok := u.User.Password(); ok {
			parts = append(parts, pw)
		}
	}
	for _, seg := range strings.Split(u.EscapedPath(), "/") {
		if seg != "" && !plainWord(seg) {
			add(seg, url.PathUnescape)
		}
	}
	for part := range strings.SplitSeq(u.RawQuery, "&") {
		key, value, hasValue := strings.Cut(part, "=")
		if !hasValue || !plainWord(key) {
			add(part, url.QueryUnescape)
		}
		add(value, url.QueryUnescape)
	}
	if u.Fragment != "" {
		parts = append(parts, u.EscapedFragment(), u.Fragment)
	}
	sort.SliceStable(parts, func(i, j int) bool { return len(parts[i]) > len(parts[j]) })
	return parts
}
