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

// The alerts of the rollout SLO rules: one per bound that is set, and beside it one that fires when
// the recorded series the bound reads is absent while the canary is live. A comparison with no
// series returns nothing, so without the no-data alert a renamed metric, a target no longer
// scraped, or a wrong workload or ingress label would make a canary look healthy.
// LivenessNoDataAlert warns when the default liveness series is absent.
const (
	// SuccessRateAlert fires when the success rate is below CanarySLO.MinSuccessRate.
	SuccessRateAlert = "CanarySuccessRateLow"
	// SuccessRateNoDataAlert fires when no success rate is recorded while the canary is live.
	SuccessRateNoDataAlert = "CanarySuccessRateNoData"
	// LatencyAlert fires when the latency is above CanarySLO.MaxLatency.
	LatencyAlert = "CanaryLatencyHigh"
	// LatencyNoDataAlert fires when no latency is recorded while the canary is live.
	LatencyNoDataAlert = "CanaryLatencyNoData"
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
	// Interval is the rate window of the queries; zero means observe.DefaultInterval. It must
	// span MinScrapesPerWindow scrapes (at least 4 × ScrapeInterval): rate() needs two samples,
	// also when a scrape is late or missed.
	Interval time.Duration `json:"interval,omitempty"`
	// ScrapeInterval is how often the series the queries read are scraped (the job of the Istio
	// sidecars or of the NGINX ingress controller); zero means DefaultScrapeInterval, the one the
	// plan gives every Prometheus. It only bounds Interval from below.
	ScrapeInterval time.Duration `json:"scrapeInterval,omitempty"`
	// For is how long a breach lasts before the alert fires; zero fires at the first evaluation.
	For time.Duration `json:"for,omitempty"`
	// Live is a PromQL instant-vector expression that has a sample while the canary is live (its
	// workload serves or is about to serve canary traffic) and none while it is idle; the no-data
	// alerts fire only while it has one, so a canary scaled to zero between rollouts pages no one.
	// Empty means kube-state-metrics' LiveSeries of the Deployment named as the canary (a Flagger
	// target: its -primary serves at rest):
	//	max(kube_deployment_status_replicas_available{namespace="<namespace>", deployment="<name>"}) > 0
	// which never has a sample without kube-state-metrics (LivenessNoDataAlert then warns). Without
	// it, or for a canary that is not a Deployment named as the SLO, set an expression over a
	// series the member's Prometheus has, e.g. kube_statefulset_status_replicas_ready{...} > 0,
	// sum(up{job="checkout-canary"}) > 0, or vector(1) to alert whenever no data is recorded. It
	// must be one expression, as it is rendered inside "and on() (...)": outside string literals
	// its parentheses, brackets and braces balance, and it holds no PromQL comment (#).
	Live string `json:"live,omitempty"`
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

// RolloutRules returns one rule group per canary: the recorded success rate and latency, and for
// each bound that is set an alert on the bound and a no-data alert on the series it reads. Every
// problem is returned, joined and sorted by field.
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
	g := RuleGroup{Name: groupName(c.Namespace, c.Name)}
	vars := observe.Variables{Namespace: c.Namespace, Name: c.Name, Target: c.Name, Ingress: c.Ingress, Interval: c.Interval}
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
		g.Rules = append(g.Rules, Rule{Record: rec.record, Expr: expr, Labels: c.ids()})
	}
	for _, b := range c.bounds() {
		series := b.record + c.selector()
		g.Rules = append(g.Rules, c.alert(b.alert, series+b.breach, b.summary), c.noDataAlert(b, series))
	}
	if r := c.livenessNoDataAlert(); r != nil {
		g.Rules = append(g.Rules, *r)
	}
	return g, nil
}

// bound is one bound of an SLO: the recorded series it reads and its two alerts.
type bound struct {
	record, alert, noData string
	// breach compares the series with the bound (" < 99"), summary is the bound alert's, and what
	// names the series in the no-data alert's.
	breach, summary, what string
}

// bounds are the bounds that are set, in the order of their alerts.
func (c CanarySLO) bounds() []bound {
	var out []bound
	if c.MinSuccessRate > 0 {
		rate := ftoa(c.MinSuccessRate)
		out = append(out, bound{record: SuccessRateRecord, alert: SuccessRateAlert, noData: SuccessRateNoDataAlert,
			breach: " < " + rate, what: "success rate", summary: "success rate {{ $value | humanize }}% is below " + rate + "%"})
	}
	if c.MaxLatency > 0 {
		ms := ftoa(float64(c.MaxLatency) / float64(time.Millisecond))
		out = append(out, bound{record: LatencyRecord, alert: LatencyAlert, noData: LatencyNoDataAlert,
			breach: " > " + ms, what: "latency", summary: "latency {{ $value | humanize }}ms is above " + ms + "ms"})
	}
	return out
}

// ids are the labels that identify the canary on its recorded series and alerts.
func (c CanarySLO) ids() map[string]string {
	return map[string]string{"namespace": c.Namespace, "canary": c.Name}
}

// selector selects the canary's recorded series. Its matchers are equalities, which absent() turns
// into the labels of its result.
func (c CanarySLO) selector() string {
	return fmt.Sprintf("{namespace=%s, canary=%s}", quote(c.Namespace), quote(c.Name))
}

// groupName is the name of a canary's rule group: fleetkit-canary/<namespace>/<name>. Namespace and
// name are DNS labels, which hold no "/", so distinct canaries get distinct groups (Prometheus
// refuses a rule file that repeats a group name; joined with "-", a-b/c and a/b-c would collide).
func groupName(namespace, name string) string {
	return "fleetkit-canary/" + namespace + "/" + name
}

// noDataAlert fires when series, which b's alert compares, is absent while the canary is live
// (CanarySLO.Live): an idle canary records nothing by design. It waits the rate window (a new
// canary's first rate needs two samples in it) plus the SLO's For, the grace the bound alert gets,
// counted from when both hold. It has the bound alert's labels, so it is routed as the bound alert
// is.
func (c CanarySLO) noDataAlert(b bound, series string) Rule {
	r := c.alert(b.noData, c.whileLive("absent("+series+")"), fmt.Sprintf("no %s recorded for %s: its input series are absent "+
		"(a renamed metric, a target not scraped, a wrong workload or ingress label) or too sparse for a %s rate",
		b.what, observe.FormatDuration(c.noDataWait()), observe.FormatDuration(c.window())))
	r.For = c.noDataWait()
	return r
}

// noDataWait is how long the no-data alerts wait: the rate window (a new canary's first rate needs
// two samples in it) plus the SLO's For.
func (c CanarySLO) noDataWait() time.Duration { return c.window() + c.For }

func (c CanarySLO) alert(name, expr, summary string) Rule {
	labels := c.ids()
	labels["severity"] = "critical"
	return Rule{Alert: name, Expr: expr, For: c.For, Labels: labels,
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
	out = append(out, liveProblems(field+".live", c.Live)...)
	return append(out, c.durationProblems(field)...)
}

// durationProblems checks the SLO's durations, and the rate window against the scrape interval
// once both are valid.
func (c CanarySLO) durationProblems(field string) []*ValidationError {
	var out []*ValidationError
	for _, d := range []struct {
		field string
		value time.Duration
	}{{".interval", c.Interval}, {".scrapeInterval", c.ScrapeInterval}, {".for", c.For}} {
		if !wholeSeconds(d.value) {
			out = append(out, invalid(field+d.field, "must be a non-negative whole number of seconds, got %s", d.value))
		}
	}
	if wholeSeconds(c.Interval) && wholeSeconds(c.ScrapeInterval) {
		if p := c.windowProblem(field); p != nil {
			out = append(out, p)
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

// wholeSeconds reports whether d is a duration a rule file can hold: Prometheus durations have no
// fractions, and fleetkit's rules need none below a second.
func wholeSeconds(d time.Duration) bool { return d >= 0 && d%time.Second == 0 }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
