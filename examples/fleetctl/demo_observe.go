package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
)

// demoObserve plans the fleet's unified monitoring: HA Prometheus pairs with Thanos sidecars on every
// member, one Querier over all of them, and SLO alerts for the recommender canary. Plan only: nothing
// runs.
func demoObserve(w io.Writer, env demoEnv) error {
	opts := stack.Options{
		Replicas:       2,
		SidecarAddress: "prometheus-{replica}.{cluster}.example:10901",
		Storage:        stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: env.Fleet.Name + "-metrics", Endpoint: "s3.cn-north-1.amazonaws.com.cn"}},
	}
	plan, err := stack.New(env.Fleet, opts)
	if errors.Is(err, stack.ErrInvalid) { // a fleet file without regions, say: a finding, not a failed demo
		fmt.Fprintf(w, "The plan refuses this fleet:\n%s", indent(err.Error()))
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d members × %d Prometheus (HA pairs, deduplicated on %s) → %d Thanos sidecars, blocks in s3://%s\n\n",
		len(plan.Members), opts.Replicas, plan.ReplicaLabel, len(plan.Querier.Endpoints), opts.Storage.S3.Bucket)
	if err := planTable(w, planOutput{Plan: plan}); err != nil {
		return err
	}
	first := plan.Members[0]
	fmt.Fprintf(w, "\nprometheus.yml of %s, replica 1 (plain install; `fleetctl observe plan --operator` prints Prometheus objects):\n%s",
		first.Cluster, indent(string(first.Replicas[1].PrometheusConfig())))

	groups, err := stack.RolloutRules([]stack.CanarySLO{{Namespace: "recsys", Name: "recommender", Provider: observe.Istio,
		MinSuccessRate: 99, MaxLatency: 500 * time.Millisecond, For: time.Minute}})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nSLO alerts of the recommender canary, evaluated by every member's Prometheus:")
	for _, r := range groups[0].Rules {
		if r.Alert != "" {
			fmt.Fprintf(w, "  %s: %s (for %s)\n", r.Alert, r.Expr, observe.FormatDuration(r.For))
		}
	}

	// Copying a member label into "cluster" would make members' label sets collide, and Thanos would
	// silently drop all but one of them; the plan refuses it instead.
	opts.MemberLabels = map[string]string{"env": stack.ClusterLabel}
	_, err = stack.New(env.Fleet, opts)
	fmt.Fprintf(w, "\nCopying the member label env into %q is refused:\n  %v\n", stack.ClusterLabel, err)
	return nil
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ") + "\n"
}
