package karmada

import (
	"maps"
	"slices"
	"strings"
)

// LabelsAnnotation records on a Cluster the keys of the labels Register last wrote for the member
// (its labels, its role as fleet.RoleLabel, ManagedByLabel), sorted and comma-separated. Register merges
// the member's labels into the Cluster's and removes a label the member no longer has only when this
// annotation names it: labels someone else put on the Cluster stay, and a label dropped from the
// member stops matching Karmada's label selectors. A label the Cluster already carries, with the
// member's value, is recorded only if fleetkit wrote it before: a Cluster without the annotation
// (adopted, or registered before fleetkit recorded its labels) keeps the labels it has, and only
// labels fleetkit adds or changes from then on are removed when the member drops them.
const LabelsAnnotation = "fleet.fleetkit.dev/registered-labels"

// clusterLabels is existing without the keys owned (LabelsAnnotation's, see recorded) names that
// desired no longer has, with desired merged in.
func clusterLabels(existing, desired map[string]string, owned []string) map[string]string {
	out := maps.Clone(existing)
	if out == nil {
		out = make(map[string]string, len(desired))
	}
	for _, k := range owned {
		if _, keep := desired[k]; !keep {
			delete(out, k)
		}
	}
	maps.Copy(out, desired)
	return out
}

// labelsRecord is LabelsAnnotation's value after desired is written over existing: the keys fleetkit
// owned before (owned) that desired keeps, and those whose value this write sets. A label already on
// the Cluster with the member's value that fleetkit did not own stays someone else's: a member read
// back from Karmada (Members, Refresh) lists every label of its Cluster, and registering it must not
// claim an operator's label, which the next registration without it would then delete.
func labelsRecord(desired, existing map[string]string, owned []string) string {
	keys := make([]string, 0, len(desired))
	for k, v := range desired {
		if old, held := existing[k]; held && old == v && !slices.Contains(owned, k) {
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ",")
}

// recorded is the keys an ownership annotation (LabelsAnnotation, TaintsAnnotation) lists.
func recorded(annotation string) []string {
	if annotation == "" {
		return nil
	}
	return strings.Split(annotation, ",")
}
