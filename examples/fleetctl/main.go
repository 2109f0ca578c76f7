// Command fleetctl is fleetkit's example CLI: thin wiring over the fleetkit packages. Every subcommand
// reads YAML or JSON files (--example prints a sample one), writes -o table|json|yaml (table by default;
// json and yaml print one document, of the Go type the command's help names) and exits non-zero with a
// clear message on bad input. Errors go to stderr, in the chosen format (an errorOutput document with
// json and yaml); stdout carries only results.
//
// Cobra gives subcommand trees, generated help with examples, and flag parsing per subcommand with no
// extra code; it is already in the module graph through the Kubernetes libraries.
package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/examples/fleetctl/internal/startup"
)

func main() {
	startup.Resume() // collection was paused while the packages initialised
	tuneGC()
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		os.Exit(1)
	}
}

// tuneGC lets the heap grow to five times the live data before collecting, instead of twice: fleetctl
// lives for one command, and package initialisation leaves about 6 MB on the heap (allocated while
// collection was paused, see package startup), so the default would soon spend a tenth of a short run
// marking it.
// A soft limit of 1 GiB brings the default pace back for huge inputs. GOGC and GOMEMLIMIT in the
// environment still win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

// run executes fleetctl with args; errors are printed to stderr once, here, in the -o format of the
// command that failed. Standard output is buffered: a large table is written in a few system calls.
func run(args []string, stdout, stderr io.Writer) error {
	out := bufio.NewWriterSize(stdout, 64<<10)
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		printError(stderr, outputFormat(cmd), err)
	}
	return err
}

// outputFormat is the -o value of cmd, or table when it has none or one the command does not offer.
func outputFormat(cmd *cobra.Command) string {
	if cmd == nil {
		return formatTable
	}
	f := cmd.Flags().Lookup("output")
	if f == nil || !slices.Contains(strings.Split(cmd.Annotations[formatsAnnotation], ","), f.Value.String()) {
		return formatTable
	}
	return f.Value.String()
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
	root.AddCommand(newObserveCmd())
	return root
}
