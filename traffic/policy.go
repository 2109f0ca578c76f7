package traffic

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Policy is the resilience configuration around the routes. Every part is
// optional; a nil part leaves the mesh's default in place.
type Policy struct {
	// Timeout bounds a whole request, retries included; zero means the
	// mesh default.
	Timeout metav1.Duration `json:"timeout,omitzero"`
	// Retries retries failed requests.
	Retries *Retries `json:"retries,omitempty"`
	// OutlierDetection ejects failing endpoints for a while.
	OutlierDetection *OutlierDetection `json:"outlierDetection,omitempty"`
	// ConnectionPool caps connections and queued requests: the circuit
	// breaker.
	ConnectionPool *ConnectionPool `json:"connectionPool,omitempty"`
	// Locality sends traffic to other localities when the local endpoints
	// are unhealthy (multi-cluster failover).
	Locality *Locality `json:"locality,omitempty"`
}

// Retries configures request retries.
type Retries struct {
	// Attempts is the number of retries, not counting the first try; 0
	// disables retries.
	Attempts int `json:"attempts"`
	// PerTryTimeout bounds each try; zero means the overall timeout.
	PerTryTimeout metav1.Duration `json:"perTryTimeout,omitzero"`
	// RetryOn lists Envoy retry conditions (5xx, gateway-error, reset,
	// connect-failure, retriable-4xx, ...) or HTTP status codes.
	RetryOn []string `json:"retryOn,omitempty"`
}

// OutlierDetection ejects an endpoint after consecutive errors.
type OutlierDetection struct {
	// Consecutive5xxErrors ejects after this many 5xx answers in a row; 0
	// disables the 5xx check.
	Consecutive5xxErrors int `json:"consecutive5xxErrors,omitempty"`
	// ConsecutiveGatewayErrors ejects after this many 502/503/504 in a row.
	ConsecutiveGatewayErrors int `json:"consecutiveGatewayErrors,omitempty"`
	// Interval between ejection sweeps (mesh default 10s).
	Interval metav1.Duration `json:"interval,omitzero"`
	// BaseEjectionTime is the minimum ejection time (mesh default 30s).
	BaseEjectionTime metav1.Duration `json:"baseEjectionTime,omitzero"`
	// MaxEjectionPercent caps the ejected share of endpoints, 0..100.
	MaxEjectionPercent int `json:"maxEjectionPercent,omitempty"`
	// MinHealthPercent disables ejection while fewer endpoints are healthy,
	// 0..100.
	MinHealthPercent int `json:"minHealthPercent,omitempty"`
}

// ConnectionPool caps the load sent to a backend. Requests beyond the caps
// fail fast instead of queueing.
type ConnectionPool struct {
	// MaxConnections caps TCP connections per endpoint set.
	MaxConnections int `json:"maxConnections,omitempty"`
	// ConnectTimeout bounds opening a TCP connection.
	ConnectTimeout metav1.Duration `json:"connectTimeout,omitzero"`
	// MaxPendingRequests caps requests queued for a connection.
	MaxPendingRequests int `json:"maxPendingRequests,omitempty"`
	// MaxRequestsPerConnection closes a connection after this many
	// requests; 1 disables keep-alive.
	MaxRequestsPerConnection int `json:"maxRequestsPerConnection,omitempty"`
	// MaxRetries caps concurrent retries across all endpoints.
	MaxRetries int `json:"maxRetries,omitempty"`
}

// Locality configures locality-aware failover. Localities are written
// region/zone/subzone, each part optional from the right ("cn-north",
// "cn-north/cn-north-1a").
type Locality struct {
	// Failover lists, per source region, the region to fail over to.
	Failover []Failover `json:"failover,omitempty"`
	// FailoverPriority lists labels whose matching endpoints are preferred,
	// in order (e.g. topology.kubernetes.io/region).
	FailoverPriority []string `json:"failoverPriority,omitempty"`
}

// Failover sends traffic from one region to another when the first has no
// healthy endpoints.
type Failover struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// retryConditions are the Envoy retry-on values Istio accepts by name.
var retryConditions = []string{
	"5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "envoy-ratelimited",
	"retriable-4xx", "refused-stream", "retriable-status-codes", "retriable-headers", "http3-post-connect-failure",
	"cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
}

// minDuration is the smallest duration Istio accepts.
const minDuration = time.Millisecond

// Validate returns every invalid field, each a *ValidationError, joined in
// the order of their fields (a nested setting such as retries reports its
// first invalid field).
func (p *Policy) Validate() error {
	var errs problems
	errs.add(duration("policy.timeout", p.Timeout))
	if r := p.Retries; r != nil {
		errs.add(r.validate("policy.retries"))
		if t := p.Timeout.Duration; t > 0 && r.PerTryTimeout.Duration > t {
			errs.add(invalid("policy.retries.perTryTimeout", "%s is longer than the request timeout %s",
				r.PerTryTimeout.Duration, t))
		}
	}
	if o := p.OutlierDetection; o != nil {
		errs.add(o.validate("policy.outlierDetection"))
	}
	if c := p.ConnectionPool; c != nil {
		errs.add(c.validate("policy.connectionPool"))
	}
	if l := p.Locality; l != nil {
		errs.add(l.validate("policy.locality"))
		// Istio ignores failover unless outlier detection can tell it which
		// endpoints are unhealthy; refusing it here saves a silent no-op.
		if p.OutlierDetection == nil {
			errs.add(invalid("policy.locality", "failover needs outlierDetection to detect unhealthy endpoints"))
		}
	}
	return errs.join()
}

func (r *Retries) validate(field string) error {
	if r.Attempts < 0 {
		return invalid(field+".attempts", "%d is negative", r.Attempts)
	}
	if err := duration(field+".perTryTimeout", r.PerTryTimeout); err != nil {
		return err
	}
	for i, c := range r.RetryOn {
		if slices.Contains(retryConditions, c) {
			continue
		}
		if code, err := strconv.Atoi(c); err == nil && code >= 100 && code <= 599 {
			continue
		}
		return invalid(fmt.Sprintf("%s.retryOn[%d]", field, i), "%q is neither an Envoy retry condition nor an HTTP status", c)
	}
	if r.Attempts == 0 && (len(r.RetryOn) > 0 || r.PerTryTimeout.Duration > 0) {
		return invalid(field+".attempts", "is 0, so retryOn and perTryTimeout would never apply")
	}
	return nil
}

func (o *OutlierDetection) validate(field string) error {
	counts := []struct {
		name string
		v    int
	}{{"consecutive5xxErrors", o.Consecutive5xxErrors}, {"consecutiveGatewayErrors", o.ConsecutiveGatewayErrors}}
	for _, c := range counts {
		if c.v < 0 {
			return invalid(field+"."+c.name, "%d is negative", c.v)
		}
	}
	if o.Consecutive5xxErrors == 0 && o.ConsecutiveGatewayErrors == 0 {
		return invalid(field, "set consecutive5xxErrors or consecutiveGatewayErrors: nothing would be ejected")
	}
	for _, d := range []struct {
		name string
		v    metav1.Duration
	}{{"interval", o.Interval}, {"baseEjectionTime", o.BaseEjectionTime}} {
		if err := duration(field+"."+d.name, d.v); err != nil {
			return err
		}
	}
	if err := percent(field+".maxEjectionPercent", o.MaxEjectionPercent); err != nil {
		return err
	}
	return percent(field+".minHealthPercent", o.MinHealthPercent)
}

func (c *ConnectionPool) validate(field string) error {
	for _, n := range []struct {
		name string
		v    int
	}{{"maxConnections", c.MaxConnections}, {"maxPendingRequests", c.MaxPendingRequests},
		{"maxRequestsPerConnection", c.MaxRequestsPerConnection}, {"maxRetries", c.MaxRetries}} {
		if n.v < 0 || n.v > 1<<31-1 {
			return invalid(field+"."+n.name, "%d is outside 0..2147483647", n.v)
		}
	}
	return duration(field+".connectTimeout", c.ConnectTimeout)
}

func (l *Locality) validate(field string) error {
	if len(l.Failover) == 0 && len(l.FailoverPriority) == 0 {
		return invalid(field, "set failover or failoverPriority")
	}
	for i, f := range l.Failover {
		ff := fmt.Sprintf("%s.failover[%d]", field, i)
		if err := region(ff+".from", f.From); err != nil {
			return err
		}
		if err := region(ff+".to", f.To); err != nil {
			return err
		}
		if f.From == f.To {
			return invalid(ff, "fails over from %q to itself", f.From)
		}
	}
	for i, label := range l.FailoverPriority {
		if strings.TrimSpace(label) == "" {
			return invalid(fmt.Sprintf("%s.failoverPriority[%d]", field, i), "is empty")
		}
	}
	return nil
}

// region checks a failover region: Istio fails over between regions only,
// so a zone path is a mistake.
func region(field, v string) error {
	if v == "" {
		return invalid(field, "is required")
	}
	if strings.ContainsAny(v, "/* ") {
		return invalid(field, "%q must be a region name (failover is between regions)", v)
	}
	return nil
}

func duration(field string, d metav1.Duration) error {
	if d.Duration < 0 {
		return invalid(field, "%s is negative", d.Duration)
	}
	if d.Duration > 0 && d.Duration < minDuration {
		return invalid(field, "%s is shorter than 1ms", d.Duration)
	}
	return nil
}

func percent(field string, v int) error {
	if v < 0 || v > 100 {
		return invalid(field, "%d is outside 0..100", v)
	}
	return nil
}
