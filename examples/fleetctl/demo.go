package main

import (
	"context"
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
	}
}

func newDemoCmd() *cobra.Command {
	var fleetFile string
	live := liveOptions{Namespace: "recsys", Target: "recommender", Ticks: 10, Every: 2 * time.Second}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole fleetkit story on the embedded sample fleet (no cluster needed)",
		Long: `demo walks through fleetkit on the seed fleet: a Karmada host, the training-bj GPU
training cluster, the serving-sh inference cluster and ten edge store clusters. Every
section runs the real engines offline; flags point it at real clusters.`,
		Example: "  fleetctl demo\n  fleetctl demo --fleet my-fleet.yaml\n" +
			"  fleetctl demo --prometheus http://prometheus.istio-system:9090 --kubeconfig ~/.kube/config --namespace recsys",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := newDemoEnv(fleetFile)
			if err != nil {
				return err
			}
			env.Context, env.Live = cmd.Context(), live
			return runDemo(cmd.OutOrStdout(), env)
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
	}
	return nil
}
