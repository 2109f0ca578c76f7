package main

import "github.com/spf13/cobra"

// newObserveCmd is the parent of the unified-monitoring commands: plan renders the monitoring stack of
// a fleet, query asks the fleet's Thanos Querier.
func newObserveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "observe",
		Short: "Unified monitoring: plan the fleet's Prometheus + Thanos stack, query it",
		Example: "  fleetctl observe plan --sample\n" +
			"  fleetctl observe plan -f fleet.yaml --replicas 2 --operator -o yaml",
	}
	cmd.AddCommand(newObservePlanCmd())
	cmd.AddCommand(newObserveQueryCmd())
	return cmd
}
