package stack

import (
	"strings"
)

// The files a plan renders are small and of a fixed shape, so they are written by this minimal
// emitter rather than a YAML library (the package stays pure). It writes block style only; string
// values are double-quoted with Go escapes (a subset of YAML's) or, when they span lines, literal
// blocks; keys are written as given and must be plain YAML keys.

// mapping is an ordered YAML mapping.
type mapping []pair

type pair struct {
	key   string
	value any // string, raw, mapping, []mapping or []string
}

// raw is a scalar written as is: numbers, booleans.
type raw string

func (m mapping) bytes() []byte {
	var b strings.Builder
	m.write(&b, 0, false)
	return []byte(b.String())
}

// write writes the mapping's pairs at indent; inline says the first pair follows a "- " already
// written.
func (m mapping) write(b *strings.Builder, indent int, inline bool) {
	pad := strings.Repeat(" ", indent)
	for i, p := range m {
		if i > 0 || !inline {
			b.WriteString(pad)
		}
		b.WriteString(p.key)
		b.WriteByte(':')
		writeValue(b, p.value, indent)
	}
}

func writeValue(b *strings.Builder, value any, indent int) {
	pad := strings.Repeat(" ", indent)
	switch v := value.(type) {
	case string:
		writeString(b, v, indent+2)
	case raw:
		b.WriteString(" " + string(v) + "\n")
	case mapping:
		if len(v) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteByte('\n')
		v.write(b, indent+2, false)
	case []mapping:
		if len(v) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteByte('\n')
		for _, item := range v {
			b.WriteString(pad + "- ")
			item.write(b, indent+2, true)
		}
	case []string:
		if len(v) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteByte('\n')
		for _, s := range v {
			b.WriteString(pad + "-")
			writeString(b, s, indent+2)
		}
	}
}

func writeString(b *strings.Builder, s string, indent int) {
	if !strings.Contains(s, "\n") || strings.ContainsAny(s, "\r\t") || strings.TrimSpace(s) != s {
		b.WriteString(" " + quote(s) + "\n")
		return
	}
	b.WriteString(" |-\n")
	pad := strings.Repeat(" ", indent)
	for _, line := range strings.Split(s, "\n") {
		if line == "" {
			b.WriteByte('\n')
			continue
		}
		b.WriteString(pad + line + "\n")
	}
}
