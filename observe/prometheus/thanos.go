package prometheus

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/prometheus/client_golang/api"
)

// ThanosOptions are the query parameters Thanos Query adds to the
// Prometheus HTTP API (pkg/api/query/v1.go in thanos-io/thanos v0.42.4).
// client_golang's v1 API cannot send them, so NewThanosClient adds them to
// every request. The zero value sends none: the Querier's flags decide.
type ThanosOptions struct {
	// Dedup merges the series of an HA pair that differ only in a replica
	// label (Thanos' dedup parameter); nil leaves the Querier's default
	// (true).
	Dedup *bool
	// PartialResponse lets the Querier answer when some stores fail, with a
	// warning (partial_response); false makes such a query fail. Nil leaves
	// the Querier's default (--query.partial-response).
	PartialResponse *bool
	// ReplicaLabels are the labels dedup ignores (replicaLabels[]); empty
	// leaves the Querier's --query.replica-label.
	ReplicaLabels []string
	// StoreMatch restricts the stores asked to those whose external labels
	// match one of these series selectors (storeMatch[]), e.g.
	// {cluster=~"a|b"}.
	StoreMatch []string
}

// IsZero reports whether o sends no parameter.
func (o ThanosOptions) IsZero() bool {
	return o.Dedup == nil && o.PartialResponse == nil && len(o.ReplicaLabels) == 0 && len(o.StoreMatch) == 0
}

// Validate checks the label names and selectors, reporting every one that
// is invalid.
func (o ThanosOptions) Validate() error {
	var errs []error
	for i, l := range o.ReplicaLabels {
		if !isLabelName(l) {
			errs = append(errs, &ValidationError{Field: fmt.Sprintf("thanos.replicaLabels[%d]", i), Reason: fmt.Sprintf("%q is not a label name", l)})
		}
	}
	for i, m := range o.StoreMatch {
		if m == "" {
			errs = append(errs, &ValidationError{Field: fmt.Sprintf("thanos.storeMatch[%d]", i), Reason: "is empty"})
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// values renders the parameters in Thanos' names.
func (o ThanosOptions) values() url.Values {
	v := url.Values{}
	if o.Dedup != nil {
		v.Set("dedup", strconv.FormatBool(*o.Dedup))
	}
	if o.PartialResponse != nil {
		v.Set("partial_response", strconv.FormatBool(*o.PartialResponse))
	}
	for _, l := range o.ReplicaLabels {
		v.Add("replicaLabels[]", l)
	}
	for _, m := range o.StoreMatch {
		v.Add("storeMatch[]", m)
	}
	return v
}

// NewThanosClient returns c with opts added to the URL query of every
// request (Thanos reads its parameters from the URL and the form body
// alike, so the v1 API's POST bodies are left as they are).
func NewThanosClient(c api.Client, opts ThanosOptions) (api.Client, error) {
	if c == nil {
		return nil, &ValidationError{Field: "client", Reason: "is nil"}
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	return &thanosClient{Client: c, params: opts.values()}, nil
}

type thanosClient struct {
	api.Client
	params url.Values
}

// Do adds the parameters to a copy of req.
func (c *thanosClient) Do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	if len(c.params) > 0 {
		req = req.Clone(ctx)
		q := req.URL.Query()
		for k, vs := range c.params {
			q[k] = append(q[k], vs...)
		}
		req.URL.RawQuery = q.Encode()
	}
	return c.Client.Do(ctx, req)
}

// isLabelName reports whether s is a classic Prometheus label name
// ([a-zA-Z_][a-zA-Z0-9_]*): one that PromQL can use unquoted in by (...)
// and in a matcher.
func isLabelName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}
