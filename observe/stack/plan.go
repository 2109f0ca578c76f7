package stack

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/fleetkit/fleetkit/fleet"
)

// Plan is the monitoring stack of a fleet: the external labels of every member's Prometheus
// servers, the object storage their sidecars share and the Querier that fans out to them.
type Plan struct {
	// Fleet is the fleet's name, the value of FleetLabel.
	Fleet string `json:"fleet"`
	// ReplicaLabel is the label that tells a member's replicas apart.
	ReplicaLabel string `json:"replicaLabel"`
	// Members are the members' plans, sorted by cluster name.
	Members []MemberPlan `json:"members"`
	// Storage is the object storage of every sidecar.
	Storage Storage `json:"storage"`
	// Querier is the Thanos Query over every sidecar.
	Querier Querier `json:"querier"`
}

// MemberPlan is the monitoring of one member.
type MemberPlan struct {
	// Cluster is the member's name.
	Cluster string `json:"cluster"`
	// ExternalLabels are the labels every replica carries: fleet, cluster, region and the extra
	// ones; the replica label is not among them.
	ExternalLabels Labels `json:"externalLabels"`
	// Replicas are the member's Prometheus servers, one or an HA group.
	Replicas []Replica `json:"replicas"`
}

// Replica is one Prometheus server with its Thanos sidecar.
type Replica struct {
	// Index numbers the replicas of a member from 0.
	Index int `json:"index"`
	// ExternalLabels are the member's labels plus the replica label.
	ExternalLabels Labels `json:"externalLabels"`
	// ReplicaLabel names the replica label among ExternalLabels (the plan's ReplicaLabel), which
	// PrometheusConfig drops from alerts.
	ReplicaLabel string `json:"replicaLabel"`
	// SidecarAddress is where the Querier reaches this replica's sidecar.
	SidecarAddress string `json:"sidecarAddress"`
}

// New plans the monitoring stack of f. It returns every problem of the fleet and the options,
// joined and sorted by field, each a *ValidationError matching ErrInvalid.
func New(f fleet.Fleet, opts Options) (*Plan, error) {
	problems := opts.problems()
	if why := labelValueProblem(f.Name); why != "" {
		problems = append(problems, invalid("fleet.name", "is the %s label: %s", FleetLabel, why))
	}
	if len(f.Members) == 0 {
		problems = append(problems, invalid("fleet.members", "a fleet needs at least one member to monitor"))
	}
	p := &Plan{Fleet: f.Name, ReplicaLabel: opts.replicaLabel(), Storage: opts.Storage}
	for i, m := range f.Members {
		mp, errs := planMember(fmt.Sprintf("fleet.members[%d]", i), f.Name, m, opts)
		problems = append(problems, errs...)
		p.Members = append(p.Members, mp)
	}
	// A pattern that is wrong is reported once, not once per member.
	checkAddresses := len(sidecarAddressProblems(opts.SidecarAddress, opts.replicas())) == 0
	problems = append(problems, collisions(f.Members, p.Members, checkAddresses)...)
	if err := joinSorted(problems); err != nil {
		return nil, err
	}
	slices.SortFunc(p.Members, func(a, b MemberPlan) int { return strings.Compare(a.Cluster, b.Cluster) })
	p.Querier = newQuerier(p)
	return p, nil
}

func planMember(field, fleetName string, m fleet.Member, opts Options) (MemberPlan, []*ValidationError) {
	var out []*ValidationError
	labels := Labels{}
	maps.Copy(labels, opts.ExtraLabels)
	for key, name := range opts.MemberLabels {
		value, ok := m.Labels[key]
		if why := labelValueProblem(value); !ok || why != "" {
			out = append(out, invalid(field+".labels["+key+"]", "is copied to the %s label and must be set on every member", name))
		}
		labels[name] = value
	}
	// The plan's own labels are set last: a user label that tries to take one is reported by
	// Options, and must not also make every member collide.
	labels[FleetLabel], labels[ClusterLabel], labels[RegionLabel] = fleetName, m.Name, m.Region
	for _, check := range []struct{ field, label string }{{".name", ClusterLabel}, {".region", RegionLabel}} {
		if why := labelValueProblem(labels[check.label]); why != "" {
			out = append(out, invalid(field+check.field, "is the %s label: %s", check.label, why))
		}
	}
	mp := MemberPlan{Cluster: m.Name, ExternalLabels: labels}
	vars := sidecarVars{fleet: fleetName, cluster: m.Name, region: m.Region}
	for r := range opts.replicas() {
		vars.replica = r
		replicaLabels := maps.Clone(labels)
		replicaLabels[opts.replicaLabel()] = fmt.Sprint(r)
		mp.Replicas = append(mp.Replicas, Replica{Index: r, ExternalLabels: replicaLabels, ReplicaLabel: opts.replicaLabel(),
			SidecarAddress: vars.expand(opts.SidecarAddress)})
	}
	return mp, out
}

// collisions reports members whose replicas share an external label set or a sidecar address with
// an earlier member's, and (when checkAddresses) addresses Thanos cannot dial. Thanos Query keeps one of two stores with equal external labels and drops
// the other (thanos#764), so a collision silently hides a member from fleet queries.
func collisions(members []fleet.Member, plans []MemberPlan, checkAddresses bool) []*ValidationError {
	var out []*ValidationError
	labelOwner := map[string]int{}
	addrOwner := map[string]int{}
	for i, mp := range plans {
		field := fmt.Sprintf("fleet.members[%d]", i)
		for _, r := range mp.Replicas {
			key := r.ExternalLabels.String()
			if prev, dup := labelOwner[key]; dup && prev != i {
				out = append(out, invalid(field, "external labels %s equal those of fleet.members[%d] (%s): Thanos Query would drop one of the two stores", key, prev, members[prev].Name))
				break
			}
			labelOwner[key] = i
			if !checkAddresses {
				continue
			}
			if prev, dup := addrOwner[r.SidecarAddress]; dup && prev != i {
				out = append(out, invalid(field, "sidecar address %q is also that of fleet.members[%d] (%s)", r.SidecarAddress, prev, members[prev].Name))
				break
			}
			addrOwner[r.SidecarAddress] = i
			if why := addressProblem(r.SidecarAddress); why != "" {
				out = append(out, invalid(field, "sidecar address of replica %d: %s", r.Index, why))
			}
		}
	}
	return out
}
