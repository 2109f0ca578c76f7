package scheduling

import (
	"errors"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/component-helpers/scheduling/corev1/nodeaffinity"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// Validate checks the input of a Check call and returns every problem found, joined (errors.Join) and
// sorted by field, indexes in numeric order; each is a *ValidationError matching ErrInvalid. It checks
// more than Check reads: every quantity of every node, queue and assumed pod, where Check converts only
// the resources the gang requests. When Check finds its input bad, it returns what Validate returns.
func Validate(gang Gang, snapshots []ClusterSnapshot, opts Options) error {
	var all []*ValidationError
	all = append(all, gangProblems(gang)...)
	all = append(all, snapshotProblems(snapshots)...)
	all = append(all, optionProblems(opts, snapshots)...)
	return joinSorted(all)
}

// joinSorted joins problems sorted by field; nil when there are none.
func joinSorted(problems []*ValidationError) error {
	if len(problems) == 0 {
		return nil
	}
	slices.SortStableFunc(problems, func(a, b *ValidationError) int { return strictyaml.ComparePaths(a.Field, b.Field) })
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}

// gangProblems checks a gang: its task groups, their requests and affinities, and its minimum.
func gangProblems(g Gang) []*ValidationError {
	var out []*ValidationError
	switch {
	case len(g.Groups) == 0:
		out = append(out, invalid("groups", "a gang needs at least one task group"))
	case len(g.Groups) > maxGroups:
		out = append(out, invalid("groups", "at most %d task groups, got %d", maxGroups, len(g.Groups)))
	}
	seen := make(map[string]bool, len(g.Groups))
	var replicas int64
	for i := range g.Groups {
		out = append(out, groupProblems(fmt.Sprintf("groups[%d]", i), &g.Groups[i], seen)...)
		replicas += int64(max(g.Groups[i].Replicas, 0))
	}
	switch m := int64(g.MinAvailable); {
	case m < 0:
		out = append(out, invalid("minAvailable", "must not be negative, got %d", m))
	case m > replicas:
		out = append(out, invalid("minAvailable", "%d is greater than the total replicas %d of the task groups", m, replicas))
	}
	return out
}

func groupProblems(field string, tg *TaskGroup, seen map[string]bool) []*ValidationError {
	var out []*ValidationError
	switch {
	case tg.Name == "":
		out = append(out, invalid(field+".name", "must not be empty"))
	case seen[tg.Name]:
		out = append(out, invalid(field+".name", "duplicate task group name %q", tg.Name))
	}
	seen[tg.Name] = true
	if tg.Replicas < 0 {
		out = append(out, invalid(field+".replicas", "must not be negative, got %d", tg.Replicas))
	}
	if tg.Min != nil && (*tg.Min < 0 || *tg.Min > max(tg.Replicas, 0)) {
		out = append(out, invalid(field+".min", "minAvailable %d must be between 0 and replicas %d", *tg.Min, max(tg.Replicas, 0)))
	}
	if _, ok := tg.PodRequests[corev1.ResourcePods]; ok {
		out = append(out, invalid(field+".podRequests[pods]", "pods is a node slot, not a request: every pod takes one"))
	}
	out = append(out, quantityProblems(field+".podRequests", tg.PodRequests, corev1.ResourcePods)...)
	if a := tg.Affinity; a != nil && a.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		if _, err := nodeaffinity.NewNodeSelector(a.RequiredDuringSchedulingIgnoredDuringExecution); err != nil {
			out = append(out, invalid(field+".affinity.requiredDuringSchedulingIgnoredDuringExecution", "%s", err.Error()))
		}
	}
	return out
}

// quantityProblems checks every quantity of list but skip: in range, not negative, whole where the API
// server wants whole units.
func quantityProblems(field string, list corev1.ResourceList, skip corev1.ResourceName) []*ValidationError {
	var out []*ValidationError
	for name, q := range list {
		if name == skip {
			continue
		}
		if _, err := milli(name, q); err != nil {
			out = append(out, (&quantityProblem{name: name, value: q.String(), err: err}).at(field))
		}
	}
	return out
}

// snapshotProblems checks the clusters: at least one, named uniquely, with named nodes and valid quantities.
func snapshotProblems(snapshots []ClusterSnapshot) []*ValidationError {
	if len(snapshots) == 0 {
		return []*ValidationError{invalid("clusters", "at least one cluster snapshot is required")}
	}
	var out []*ValidationError
	seen := make(map[string]bool, len(snapshots))
	for i := range snapshots {
		s := &snapshots[i]
		field := fmt.Sprintf("clusters[%d]", i)
		switch {
		case s.Name == "":
			out = append(out, invalid(field+".name", "must not be empty"))
		case seen[s.Name]:
			out = append(out, invalid(field+".name", "duplicate cluster name %q", s.Name))
		}
		seen[s.Name] = true
		out = append(out, nodeProblems(field, s.Nodes)...)
		for k, q := range s.Queues {
			qf := fmt.Sprintf("%s.queues[%d]", field, k)
			out = append(out, quantityProblems(qf+".capability", q.Capability, "")...)
			out = append(out, quantityProblems(qf+".allocated", q.Allocated, "")...)
		}
	}
	return out
}

func nodeProblems(cluster string, nodes []Node) []*ValidationError {
	var out []*ValidationError
	seen := make(map[string]bool, len(nodes))
	for j := range nodes {
		n := &nodes[j]
		field := fmt.Sprintf("%s.nodes[%d]", cluster, j)
		switch {
		case n.Name == "":
			out = append(out, invalid(field+".name", "must not be empty"))
		case seen[n.Name]:
			out = append(out, invalid(field+".name", "duplicate node name %q", n.Name))
		}
		seen[n.Name] = true
		out = append(out, quantityProblems(field+".allocatable", n.Allocatable, "")...)
		out = append(out, quantityProblems(field+".requested", n.Requested, "")...)
		out = append(out, quantityProblems(field+".releasing", n.Releasing, "")...)
	}
	return out
}

// optionProblems checks the options: the search budget, and that every assumed pod names a node of the
// snapshots and requests no pod slot.
func optionProblems(opts Options, snapshots []ClusterSnapshot) []*ValidationError {
	var out []*ValidationError
	if opts.SearchBudget < 0 {
		out = append(out, invalid("options.searchBudget", "must not be negative, got %d", opts.SearchBudget))
	}
	if len(opts.Assumed) == 0 {
		return out
	}
	known := make(map[string]int, len(snapshots))
	for i := len(snapshots) - 1; i >= 0; i-- { // the first of duplicate names wins
		known[snapshots[i].Name] = i
	}
	nodes := map[string]map[string]bool{}
	for i, a := range opts.Assumed {
		field := fmt.Sprintf("options.assumed[%d]", i)
		c, ok := known[a.Cluster]
		switch {
		case !ok:
			out = append(out, invalid(field+".cluster", "cluster %q is not in the snapshots", a.Cluster))
		case a.Node == "":
			out = append(out, invalid(field+".node", "must not be empty"))
		default:
			if nodes[a.Cluster] == nil {
				nodes[a.Cluster] = nodeNames(&snapshots[c])
			}
			if !nodes[a.Cluster][a.Node] {
				out = append(out, invalid(field+".node", "node %q is not in cluster %q", a.Node, a.Cluster))
			}
		}
		if _, ok := a.Requests[corev1.ResourcePods]; ok {
			out = append(out, invalid(field+".requests[pods]", "pods is a node slot, not a request: every assumed pod takes one"))
		}
		out = append(out, quantityProblems(field+".requests", a.Requests, corev1.ResourcePods)...)
	}
	return out
}
