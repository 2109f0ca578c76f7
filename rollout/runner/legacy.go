package runner

import (
	"encoding/json"
	"fmt"
)

// UnmarshalJSON reads a Record. It also accepts the routes of records
// written before routes were traffic.Split values ({"mirror": true,
// "mirrorWeight": 50}, where 0 meant 100), so that a controller upgraded
// in the middle of a rollout continues from its stored record.
func (r *Record) UnmarshalJSON(data []byte) error {
	type plain Record
	err := json.Unmarshal(data, (*plain)(r))
	if err == nil {
		return nil
	}
	var doc map[string]any
	if json.Unmarshal(data, &doc) != nil || !upgradeRoutes(doc) {
		return err
	}
	upgraded, merr := json.Marshal(doc)
	if merr != nil {
		return fmt.Errorf("%w (upgrading legacy routes: %w)", err, merr)
	}
	*r = Record{} // the failed attempt left partial values behind
	return json.Unmarshal(upgraded, (*plain)(r))
}

// upgradeRoutes rewrites legacy routes in place under status.routes and
// pending[*].routes, and reports whether it found any.
func upgradeRoutes(doc map[string]any) bool {
	found := false
	if st, ok := doc["status"].(map[string]any); ok {
		found = upgradeSplit(st["routes"]) || found
	}
	pending, _ := doc["pending"].([]any)
	for _, p := range pending {
		if pm, ok := p.(map[string]any); ok {
			found = upgradeSplit(pm["routes"]) || found
		}
	}
	return found
}

func upgradeSplit(v any) bool {
	routes, ok := v.(map[string]any)
	if !ok {
		return false
	}
	mirror, legacy := routes["mirror"].(bool)
	if !legacy {
		return false
	}
	pct, _ := routes["mirrorWeight"].(float64)
	delete(routes, "mirror")
	delete(routes, "mirrorWeight")
	if mirror {
		if pct == 0 {
			pct = 100
		}
		routes["mirror"] = map[string]any{"percent": pct}
	}
	return true
}
