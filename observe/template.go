package observe

import (
	"fmt"
	"maps"
	"strings"
	"text/template"
	"time"
)

// Variables are the values a query template can use, the same ones Flagger's
// metric templates expose: {{ namespace }}, {{ name }}, {{ target }},
// {{ service }}, {{ ingress }}, {{ interval }}, plus {{ cluster }} for
// fleet-wide queries against one Thanos with a cluster label,
// {{ clusterMatcher }} (`cluster="<name>", ` to open a selector with, or
// nothing when Cluster is empty: see FleetTemplates), and user
// variables through {{ variable "key" }} (an error when the key is not set)
// or {{ index variables "key" }} (empty when not set).
type Variables struct {
	Namespace string
	Name      string
	Target    string
	Service   string
	Ingress   string
	Cluster   string
	// Interval is the range of rate() windows; zero means one minute, the
	// Flagger default.
	Interval time.Duration
	// Extra holds user variables, available as {{ variable "key" }}.
	Extra map[string]string
}

// DefaultInterval is the metric window used when Variables.Interval is zero.
const DefaultInterval = time.Minute

// Template is a named PromQL query template.
type Template struct {
	// Name identifies the template, e.g. "request-success-rate".
	Name string `json:"name"`
	// Provider is the mesh or ingress the query is written for ("istio",
	// "nginx", or empty for a custom query).
	Provider Provider `json:"provider,omitempty"`
	// Query is the text/template source.
	Query string `json:"query"`
}

// Render renders the template with vars.
func (t Template) Render(vars Variables) (string, error) {
	q, err := Render(t.Query, vars)
	if err != nil {
		return "", fmt.Errorf("template %q: %w", t.Name, err)
	}
	return q, nil
}

// Render renders a PromQL template source with vars. Unknown functions,
// missing map keys and named variables that are not set ({{ ingress }} with
// an empty Variables.Ingress) are errors matching ErrRender, never an empty
// string in the query; the error for an unset variable is also a
// *ValidationError naming it. {{ clusterMatcher }} and
// {{ index variables "key" }} are empty when not set, by design.
func Render(query string, vars Variables) (string, error) {
	if strings.TrimSpace(query) == "" {
		return "", &ValidationError{Field: "query", Reason: "is empty"}
	}
	t, err := template.New("query").Option("missingkey=error").Funcs(vars.funcs()).Parse(query)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrRender, err)
	}
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		return "", fmt.Errorf("%w: %w", ErrRender, err)
	}
	return b.String(), nil
}

func (v Variables) funcs() template.FuncMap {
	interval := v.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	extra := maps.Clone(v.Extra)
	if extra == nil {
		extra = map[string]string{}
	}
	constant := func(s string) func() string { return func() string { return s } }
	return template.FuncMap{
		"namespace":      required("namespace", v.Namespace),
		"name":           required("name", v.Name),
		"target":         required("target", v.Target),
		"service":        required("service", v.Service),
		"ingress":        required("ingress", v.Ingress),
		"cluster":        required("cluster", v.Cluster),
		"clusterMatcher": constant(clusterMatcher(v.Cluster)),
		"interval":       constant(FormatDuration(interval)),
		"variables":      func() map[string]string { return extra },
		"variable": func(key string) (string, error) {
			v, ok := extra[key]
			if !ok {
				return "", fmt.Errorf("variable %q is not set", key)
			}
			return v, nil
		},
	}
}

// required is the template function of a named variable: its value, or, when it is empty, an error
// naming it. An empty value would render a selector such as ingress="" that matches no series, and a
// check reading no data passes or fails for a reason nobody would guess.
func required(name, value string) func() (string, error) {
	return func() (string, error) {
		if value == "" {
			return "", &ValidationError{Field: "variables." + name,
				Reason: "is not set, and the query uses {{ " + name + " }}"}
		}
		return value, nil
	}
}

// FormatDuration writes d in Prometheus duration syntax without zero units:
// 1m, 30s, 1h30m, 500ms. Go's "1m0s" is valid PromQL but harder to read and
// differs from what Flagger renders.
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	units := []struct {
		suffix string
		size   time.Duration
	}{{"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}, {"ms", time.Millisecond}}
	for _, u := range units {
		if n := d / u.size; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.suffix)
			d -= n * u.size
		}
	}
	if b.Len() == 0 {
		return "1ms"
	}
	return b.String()
}

// Query is one metric query ready to run: the rendered PromQL plus what a
// fleet-wide source needs to route it.
type Query struct {
	// Metric is the rollout metric's name, for errors and events.
	Metric string
	// Expr is the rendered PromQL.
	Expr string
	// Cluster selects the cluster in a fleet-wide source (one endpoint per
	// cluster, or a cluster label on one Thanos); empty means the default.
	Cluster string
}

// clusterMatcher is the selector prefix of {{ clusterMatcher }}. The name
// is quoted as a PromQL string (Go's %q escapes match PromQL's).
func clusterMatcher(cluster string) string {
	if cluster == "" {
		return ""
	}
	return fmt.Sprintf("cluster=%q, ", cluster)
}
