package prometheus

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/api"
)

// StoreStatus is one store the Querier knows, as /api/v1/stores reports it:
// its component type (sidecar, store, rule, receive, query), address,
// external label sets and last health-check error ("" when healthy).
type StoreStatus struct {
	Type      string              `json:"type"`
	Name      string              `json:"name"`
	LastError string              `json:"lastError,omitempty"`
	LabelSets []map[string]string `json:"labelSets,omitempty"`
}

// Healthy reports whether the last health check passed.
func (s StoreStatus) Healthy() bool { return s.LastError == "" }

// maxStoresBody bounds the /api/v1/stores answer read (a fleet of
// thousands of stores is well under it).
const maxStoresBody = 16 << 20

// ReadStores reads Thanos Query's /api/v1/stores through c, ordered by type
// then name. A plain Prometheus has no such endpoint: the error then says
// so (its status is 404).
func ReadStores(ctx context.Context, c api.Client) ([]StoreStatus, error) {
	u := c.URL("/api/v1/stores", nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("prometheus: stores: %w", err)
	}
	resp, body, err := c.Do(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("prometheus: stores: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("prometheus: stores: %s: %.200s", resp.Status, body)
	}
	if len(body) > maxStoresBody {
		return nil, fmt.Errorf("prometheus: stores: answer of %d bytes exceeds %d", len(body), maxStoresBody)
	}
	return parseStores(body)
}

// storesAnswer is the API envelope: data maps a component type to its
// endpoints; lastError is a string or null.
type storesAnswer struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Data   map[string][]struct {
		Name      string              `json:"name"`
		LastError *string             `json:"lastError"`
		LabelSets []map[string]string `json:"labelSets"`
	} `json:"data"`
}

func parseStores(body []byte) ([]StoreStatus, error) {
	var a storesAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, fmt.Errorf("prometheus: stores: malformed answer: %w", err)
	}
	if a.Status != "success" {
		return nil, fmt.Errorf("prometheus: stores: status %q: %s", a.Status, a.Error)
	}
	var out []StoreStatus
	for _, typ := range slices.Sorted(maps.Keys(a.Data)) {
		for _, e := range a.Data[typ] {
			s := StoreStatus{Type: typ, Name: e.Name, LabelSets: e.LabelSets}
			if e.LastError != nil {
				s.LastError = *e.LastError
				if s.LastError == "" {
					s.LastError = "unhealthy"
				}
			}
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(x, y StoreStatus) int {
		if x.Type != y.Type {
			return strings.Compare(x.Type, y.Type)
		}
		return strings.Compare(x.Name, y.Name)
	})
	return out, nil
}
