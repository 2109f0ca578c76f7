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
// member stops matching Karmada's label selectors. A Cluster without the annotation (adopted, or
// registered before fleetkit recorded its labels) keeps all its labels the first time.
const LabelsAnnotation = "fleet.fleetkit.dev/registered-labels"

// clusterLabels is existing without the keys owned (LabelsAnnotation's value) names that desired
// no longer has, with desired merged in.
func clusterLabels(existing, desired map[string]string, owned string) map[string]string {
	out := maps.Clone(existing)
	if out == nil {
		out = make(map[string]string, len(desired))
	}
	for _, k := range strings.Split(owned, ",") {
		if _, keep := desired[k]; !keep {
			delete(out, k)
		}
	}
	maps.Copy(out, desired)
	return out
}

// labelsRecord is LabelsAnnotation's value for the labels Register writes.
func labelsRecord(labels map[string]string) string {
	return strings.Join(slices.Sorted(maps.Keys(labels)), ",")
}
