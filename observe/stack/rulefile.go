package stack

import "github.com/fleetkit/fleetkit/observe"

// RuleFile renders groups as a Prometheus rule file (rule_files in prometheus.yml), the format
// `promtool check rules` reads.
func RuleFile(groups []RuleGroup) []byte {
	out := make([]mapping, len(groups))
	for i, g := range groups {
		rules := make([]mapping, len(g.Rules))
		for j, r := range g.Rules {
			rules[j] = r.mapping()
		}
		out[i] = mapping{{"name", g.Name}, {"rules", rules}}
	}
	return mapping{{"groups", out}}.bytes()
}

func (r Rule) mapping() mapping {
	var m mapping
	if r.Record != "" {
		m = append(m, pair{"record", r.Record})
	} else {
		m = append(m, pair{"alert", r.Alert})
	}
	m = append(m, pair{"expr", r.Expr})
	if r.For > 0 {
		m = append(m, pair{"for", observe.FormatDuration(r.For)})
	}
	if len(r.Labels) > 0 {
		m = append(m, pair{"labels", sortedMapping(r.Labels)})
	}
	if len(r.Annotations) > 0 {
		m = append(m, pair{"annotations", sortedMapping(r.Annotations)})
	}
	return m
}

func sortedMapping(kv map[string]string) mapping {
	return Labels(kv).mapping()
}
