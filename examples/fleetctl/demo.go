package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/fleet"
)

// demoEnv is what every demo section gets: the fleet it runs on and the flags that point it at real
// endpoints instead of the embedded samples.
type demoEnv struct {
	Context context.Context
	Fleet   fleet.Fleet
	// FleetFile is the path the fleet was loaded from, empty for the embedded sample.
	FleetFile string
	// Live points the rollout section at real endpoints (--prometheus, --kubeconfig).
	Live liveOptions
}

// demoSection is one chapter of `fleetctl demo`; sections run in order and each prints its own story.
type demoSection struct {
	Title string
	Run   func(w io.Writer, env demoEnv) error
}

// sections is the demo's table of contents. Each section lives in its own demo_*.go file.
func sections() []demoSection {
	return []demoSection{
		{"The fleet", demoFleet},
		{"Dividing the recommender by weight", demoDivide},
		{"Canary analysis of the recommender", demoRollout},
		{"Gang feasibility of a training job", demoGang},
		{"On-prem cluster: scale 5 → 8 workers, upgrade v1.29.3 → v1.32.0", demoCluster},
		{"One policy for the fleet: prod strict, dev relaxed", demoPolicy},
		{"Unified monitoring: Prometheus + Thanos for the fleet", demoObserve},
	}
}

func newDemoCmd() *cobra.Command {
	var fleetFile string
	live := liveOptions{Namespace: "recsys", Target: "recommender", Ticks: 10, Every: 2 * time.Second}
	timeout := 2 * time.Minute
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole fleetkit story on the embedded sample fleet (no cluster needed)",
		Long: `demo walks through fleetkit on the seed fleet: a Karmada host, the training-bj GPU
training cluster, the serving-sh inference cluster and ten edge store clusters. Every
section runs the real engines offline; flags point it at real clusters.

With --prometheus or --kubeconfig the canary runs live: it waits for Prometheus to answer every
query and for the cluster's API server to apply every route, and sleeps --live-interval between
ticks. The whole demo takes at most --timeout; past it, the demo fails.`,
		Example: "  fleetctl demo\n  fleetctl demo --fleet my-fleet.yaml\n" +
			"  fleetctl demo --prometheus http://prometheus.istio-system:9090 --kubeconfig ~/.kube/config --namespace recsys",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := newDemoEnv(fleetFile)
			if err != nil {
				return err
			}
			if timeout <= 0 {
				return fmt.Errorf("--timeout must be positive, got %s", timeout)
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			env.Context, env.Live = ctx, live
			err = runDemo(cmd.OutOrStdout(), env)
			if errors.Is(ctx.Err(), context.DeadlineExceeded) { // a live run may report a timed-out query as an event only
				return fmt.Errorf("gave up after --timeout %s waiting for %s: %w", timeout, live.waitsFor(), cmp.Or(err, ctx.Err()))
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&fleetFile, "fleet", "", "fleet file (YAML or JSON) to use instead of the embedded sample fleet")
	f.StringVar(&live.Prometheus, "prometheus", "", "run the canary live, querying this Prometheus/Thanos URL")
	f.StringVar(&live.Kubeconfig, "kubeconfig", "", "run the canary live, routing through the Istio VirtualService of this cluster")
	f.StringVar(&live.Namespace, "namespace", live.Namespace, "namespace of the live canary's workload and VirtualService")
	f.StringVar(&live.Target, "target", live.Target, "name of the live canary's workload")
	f.IntVar(&live.Ticks, "live-ticks", live.Ticks, "at most this many live analysis ticks")
	f.DurationVar(&live.Every, "live-interval", live.Every, "wall-clock time between live ticks")
	f.DurationVar(&timeout, "timeout", timeout, "how long the live run may wait, in all, for Prometheus and the cluster")
	return cmd
}

func newDemoEnv(fleetFile string) (demoEnv, error) {
	f, err := loadFleet(fleetFile, fleetFile == "")
	return demoEnv{Fleet: f, FleetFile: fleetFile}, err
}

func runDemo(w io.Writer, env demoEnv) error {
	for i, s := range sections() {
		title := fmt.Sprintf("%d. %s", i+1, s.Title)
		fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Repeat("=", len(title)))
		if err := s.Run(w, env); err != nil {
			return fmt.Errorf("demo section %q: %w", s.Title, err)
		}
		if f, ok := w.(interface{ Flush() error }); ok { // show each section as it is done
			if err := f.Flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// waitsFor names what a live run waits for, for the timeout message.
func (o liveOptions) waitsFor() string {
	var parts []string
	if o.Prometheus != "" {
		parts = append(parts, "Prometheus at "+o.Prometheus)
	}
	if o.Kubeconfig != "" {
		parts = append(parts, "the API server of "+o.Kubeconfig)
	}
	if len(parts) == 0 {
		return "the demo"
	}
	return strings.Join(parts, " and ")
}
