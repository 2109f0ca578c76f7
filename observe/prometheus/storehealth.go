package prometheus

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fleetkit/fleetkit/observe/stack"
)

// DefaultReplicaLabels returns the labels that tell the replicas of an HA pair apart when
// GlobalOptions.Source.Thanos.ReplicaLabels names none: observe/stack's (stack.DefaultReplicaLabel,
// prometheus_replica) and Thanos' documented one (replica). Each call returns a new slice.
func DefaultReplicaLabels() []string {
	return []string{stack.DefaultReplicaLabel, "replica"}
}

// liveStoreTypes are the store types that hold a cluster's recent series: a Querier answering an
// instant query needs them, where a store gateway or ruler holds older blocks or other series.
var liveStoreTypes = []string{"sidecar", "receive"}

// healthyClusters returns the clusters whose every live store group has a healthy store, the stores
// grouped for reading failures (see storeIndex), and a warning per unhealthy store. A group is the
// stores of one type whose label sets are equal but for the replica labels: the replicas of an HA
// pair, of which one suffices. A cluster with two Prometheus servers that are not replicas (one for
// the platform, one for the mesh) is two groups, and misses series when either is down. Stores of
// other types only warn.
func healthyClusters(stores []StoreStatus, label string, replicaLabels []string) (healthy []string, idx storeIndex, warnings []string) {
	idx = storeIndex{known: map[string]bool{}, groups: map[string]map[string][]storeRef{}}
	groups := map[string]map[string]bool{} // cluster → group → has a healthy store
	for _, s := range stores {
		for _, ls := range s.LabelSets {
			name, found := ls[label]
			if !found {
				continue
			}
			idx.add(name, s, groupKey(ls, replicaLabels))
			if !s.Healthy() {
				warnings = append(warnings, fmt.Sprintf("%s %s (%s=%s) is unhealthy: %s", s.Type, s.Name, label, name, s.LastError))
			}
			if groups[name] == nil {
				groups[name] = map[string]bool{}
			}
			key := s.Type + groupKey(ls, replicaLabels)
			if !slices.Contains(liveStoreTypes, s.Type) {
				key = "other" // any healthy store of another type serves, as before
			}
			groups[name][key] = groups[name][key] || s.Healthy()
		}
	}
	for name, g := range groups {
		if reachable(g) {
			healthy = append(healthy, name)
		}
	}
	slices.Sort(healthy)
	return healthy, idx, warnings
}

// storeIndex tells which clusters a store that failed while answering leaves without series: the
// addresses of the stores that carry the cluster label, and each cluster's groups of stores that
// stand in for one another. A live group (sidecar, receive) is the replicas of an HA pair, as for
// health: the Querier deduplicates them, so one replica answering suffices. A store of another type
// (a store gateway, a ruler) is a group alone: two gateways with one label set may hold different
// blocks. The zero storeIndex (stores not read) knows no address.
type storeIndex struct {
	known  map[string]bool
	groups map[string]map[string][]storeRef // cluster → group key → stores
}

// storeRef is one store of a group and its health at the last health check.
type storeRef struct {
	addr    string
	healthy bool
}

func (x storeIndex) add(cluster string, s StoreStatus, key string) {
	x.known[s.Name] = true
	key = s.Type + key
	if !slices.Contains(liveStoreTypes, s.Type) {
		key = s.Type + " " + s.Name
	}
	if x.groups[cluster] == nil {
		x.groups[cluster] = map[string][]storeRef{}
	}
	ref := storeRef{addr: s.Name, healthy: s.Healthy()}
	if !slices.Contains(x.groups[cluster][key], ref) {
		x.groups[cluster][key] = append(x.groups[cluster][key], ref)
	}
}

// reachable reports whether a cluster's live data can be read: every live group has a healthy store,
// or, for a cluster with no live store, a store of another type is healthy.
func reachable(groups map[string]bool) bool {
	live := false
	for key, ok := range groups {
		if key == "other" {
			continue
		}
		if !ok {
			return false
		}
		live = true
	}
	return live || groups["other"]
}

// groupKey is a label set without the replica labels, as sorted name=value pairs.
func groupKey(ls map[string]string, replicaLabels []string) string {
	var pairs []string
	for k, v := range ls {
		if !slices.Contains(replicaLabels, k) {
			pairs = append(pairs, k+"="+v)
		}
	}
	slices.Sort(pairs)
	return "{" + strings.Join(pairs, ",") + "}"
}
