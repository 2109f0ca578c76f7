package stack

import (
	"fmt"
	"strconv"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/fleetkit/fleetkit/observe"
)

// The recorded series of the rollout SLO rules. Each carries the labels namespace and canary.
const (
	// SuccessRateRecord is the canary's percentage of non-5xx requests.
	SuccessRateRecord = "fleetkit:canary_request_success_rate:percent"
	// LatencyRecord is the canary's request latency in milliseconds (the P99 for Istio, the mean
	// upstream latency for NGINX: observe's built-in request-duration queries).
	LatencyRecord = "fleetkit:canary_request_duration:milliseconds"
)

// The alerts of the rollout SLO rules.
const (
	SuccessRateAlert = "CanarySuccessRateLow"
	LatencyAlert     = "CanaryLatencyHigh"
)

// CanarySLO is the service level a canary must keep during a rollout, watched by alerting rules in
// every member's Prometheus. The rules query the member's own series, without a cluster matcher:
// external labels are added only to what leaves the server (prometheus-operator#2918), and the
// alerts reach Alertmanager with the member's labels attached.
type CanarySLO struct {
	// Namespace and Name identify the canary workload, as a rollout's target does.
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// Provider selects observe's built-in queries: "istio" or "nginx".
	Provider observe.Provider `json:"provider"`
	// Ingress is the canary ingress the NGINX queries select: Flagger creates "<ingressRef>-canary"
	// next to the ingress a Canary's spec.ingressRef names. Required for nginx; like the
	// sections of Storage, it is read only for the provider that uses it (Istio's queries select
	// the workload).
	Ingress string `json:"ingress,omitempty"`
	// MinSuccessRate is the lowest acceptable success rate in percent (0 < x ≤ 100); zero means
	// no success-rate alert.
	MinSuccessRate float64 `json:"minSuccessRate,omitempty"`
	// MaxLatency is the highest acceptable latency; zero means no latency alert.
	MaxLatency time.Duration `json:"maxLatency,omitempty"`
	// Interval is the rate window of the queries; zero means observe.DefaultInterval.
	Interval time.Duration `json:"interval,omitempty"`
	// For is how long a breach lasts before the alert fires; zero fires at the first evaluation.
	For time.Duration `json:"for,omitempty"`
}

// RuleGroup is one group of a Prometheus rule file.
type RuleGroup struct {
	Name  string `json:"name"`
	Rules []Rule `json:"rules"`
}

// Rule is a recording rule (Record set) or an alerting rule (Alert set).
type Rule struct {
	Record      string            `json:"record,omitempty"`
	Alert       string            `json:"alert,omitempty"`
	Expr        string            `json:"expr"`
	For         time.Duration     `json:"for,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// RolloutRules returns one rule group per canary: the recorded success rate and latency, and an
// alert for each bound that is set. Every problem is returned, joined and sorted by field.
func RolloutRules(canaries []CanarySLO) ([]RuleGroup, error) {
	var problems []*ValidationError
	groups := make([]RuleGroup, 0, len(canaries))
	seen := map[string]int{}
	for i, c := range canaries {
		field := fmt.Sprintf("canaries[%d]", i)
		if prev, dup := seen[c.Namespace+"/"+c.Name]; dup {
			problems = append(problems, invalid(field, "canary %s/%s is also canaries[%d]", c.Namespace, c.Name, prev))
		}
		seen[c.Namespace+"/"+c.Name] = i
		g, errs := c.group(field)
		problems = append(problems, errs...)
		groups = append(groups, g)
	}
	if err := joinSorted(problems); err != nil {
		return nil, err
	}
	return groups, nil
}

func (c CanarySLO) group(field string) (RuleGroup, []*ValidationError) {
	out := c.problems(field)
	if len(out) > 0 {
		return RuleGroup{}, out
	}
	vars := observe.Variables{Namespace: c.Namespace, Name: c.Name, Target: c.Name, Ingress: c.Ingress, Interval: c.Interval}
	ids := map[string]string{"namespace": c.Namespace, "canary": c.Name}
	g := RuleGroup{Name: groupName(c.Namespace, c.Name)}
	for _, rec := range []struct{ record, template string }{
		{SuccessRateRecord, observe.RequestSuccessRate}, {LatencyRecord, observe.RequestDuration}} {
		t, err := observe.Builtin(c.Provider, rec.template)
		var expr string
		if err == nil {
			expr, err = t.Render(vars)
		}
		if err != nil {
			return RuleGroup{}, []*ValidationError{invalid(field+".provider", "%v", err)}
		}
		g.Rules = append(g.Rules, Rule{Record: rec.record, Expr: expr, Labels: ids})
	}
	selector := fmt.Sprintf("{namespace=%s, canary=%s}", quote(c.Namespace), quote(c.Name))
	if c.MinSuccessRate > 0 {
		g.Rules = append(g.Rules, c.alert(SuccessRateAlert, SuccessRateRecord+selector+" < "+ftoa(c.MinSuccessRate),
			"success rate {{ $value | humanize }}% is below "+ftoa(c.MinSuccessRate)+"%"))
	}
	if c.MaxLatency > 0 {
		ms := ftoa(float64(c.MaxLatency) / float64(time.Millisecond))
		g.Rules = append(g.Rules, c.alert(LatencyAlert, LatencyRecord+selector+" > "+ms,
			"latency {{ $value | humanize }}ms is above "+ms+"ms"))
	}
	return g, nil
}

// groupName is the name of a canary's rule group: fleetkit-canary/<namespace>/<name>. Namespace and
// name are DNS labels, which hold no "/", so distinct canaries get distinct groups (Prometheus
// refuses a rule file that repeats a group name; joined with "-", a-b/c and a/b-c would collide).
func groupName(namespace, name string) string {
	return "fleetkit-canary/" + namespace + "/" + name
}

func (c CanarySLO) alert(name, expr, summary string) Rule {
	return Rule{Alert: name, Expr: expr, For: c.For,
		Labels: map[string]string{"severity": "critical", "namespace": c.Namespace, "canary": c.Name},
		Annotations: map[string]string{
			"summary": fmt.Sprintf("Canary %s/%s on {{ $externalLabels.cluster }}: %s", c.Namespace, c.Name, summary),
		}}
}

func (c CanarySLO) problems(field string) []*ValidationError {
	var out []*ValidationError
	for _, n := range []struct{ field, value string }{{".namespace", c.Namespace}, {".name", c.Name}} {
		for _, why := range validation.IsDNS1123Label(n.value) {
			out = append(out, invalid(field+n.field, "%s", why))
		}
	}
	if c.Provider != observe.Istio && c.Provider != observe.NGINX {
		out = append(out, invalid(field+".provider", "must be %q or %q, got %q", observe.Istio, observe.NGINX, c.Provider))
	}
	if c.Provider == observe.NGINX {
		out = append(out, ingressProblems(field+".ingress", c.Ingress)...)
	}
	if c.MinSuccessRate < 0 || c.MinSuccessRate > 100 {
		out = append(out, invalid(field+".minSuccessRate", "must be a percentage in (0, 100], got %s", ftoa(c.MinSuccessRate)))
	}
	if c.MaxLatency < 0 {
		out = append(out, invalid(field+".maxLatency", "must not be negative, got %s", c.MaxLatency))
	}
	if c.MinSuccessRate == 0 && c.MaxLatency == 0 {
		out = append(out, invalid(field, "needs minSuccessRate or maxLatency: a canary SLO without a bound alerts on nothing"))
	}
	for _, d := range []struct {
		field string
		value time.Duration
	}{{".interval", c.Interval}, {".for", c.For}} {
		if d.value < 0 || d.value%time.Second != 0 {
			out = append(out, invalid(field+d.field, "must be a non-negative whole number of seconds, got %s", d.value))
		}
	}
	return out
}

// ingressProblems checks the canary ingress of an NGINX canary: without it the queries would
// select ingress="" and match no series, so the alerts could never fire.
func ingressProblems(field, ingress string) []*ValidationError {
	if ingress == "" {
		return []*ValidationError{invalid(field, "must be set for provider nginx: the canary ingress the queries select (Flagger creates <ingressRef>-canary)")}
	}
	var out []*ValidationError
	for _, why := range validation.IsDNS1123Subdomain(ingress) {
		out = append(out, invalid(field, "%s", why))
	}
	return out
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
