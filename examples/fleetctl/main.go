// Command fleetctl is fleetkit's example CLI: thin wiring over the fleetkit packages. Every subcommand
// reads YAML or JSON files, writes -o table|json|yaml (table by default) and exits non-zero with a clear
// message on bad input.
//
// Cobra gives subcommand trees, generated help with examples, and flag parsing per subcommand with no
// extra code; it is already in the module graph through the Kubernetes libraries.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		os.Exit(1)
	}
}

// run executes fleetctl with args; errors are printed to stderr once, here.
func run(args []string, stdout, stderr io.Writer) error {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := root.ExecuteContext(ctx)
	if err != nil && !isReported(err) {
		fmt.Fprintln(stderr, "fleetctl:", err)
	}
	return err
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "fleetctl",
		Short: "Ask fleetkit's engines what would happen to a fleet, offline",
		Long: `fleetctl is the example CLI of fleetkit, a Go SDK for fleets of Kubernetes clusters.
It wires fleetkit's packages together: placement and replica division, rollout analysis,
gang feasibility, policy compilation and cluster lifecycle planning.`,
		Example:       "  fleetctl demo\n  fleetctl version -o json",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newDemoCmd())
	root.AddCommand(newVersionCmd())
	root.AddCommand(newRolloutCmd())
	root.AddCommand(newGangCmd())
	root.AddCommand(newClusterCmd())
	root.AddCommand(newFleetCmd())
	root.AddCommand(newPolicyCmd())
	root.AddCommand(newDivideCmd())
	return root
}
