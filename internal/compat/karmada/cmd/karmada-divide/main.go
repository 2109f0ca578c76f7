// Command karmada-divide divides a fleetkit division request (the file
// `fleetctl divide -f` reads) with Karmada's own scheduler code,
// pkg/scheduler/core.AssignReplicas of Karmada v1.17.1, and prints one row per
// cluster. It exists to measure fleetctl and fleetkit-divide against a binary
// calling Karmada (hack/bench-process.sh, `make bench-process`): the processes
// read the same file with the same decoder, distribute.DecodeRequest, so they
// differ only in what they link and how they divide. It is not part of fleetkit.
//
// Usage:
//
//	karmada-divide -f request.json
//
// The request is rendered for Karmada as the compat module's oracle tests
// render it (karmadacompat.CaseOf): a StaticWeight request becomes one
// staticWeightList rule per weighted cluster, availableReplicas become the
// clusters' allocatable replicas. Requests using fleetkit's extensions
// (capStaticWeights, minReplicas, maxReplicas) are refused. Rows are sorted by
// cluster name. It shares its harness and table with cmd/fleetkit-divide
// of fleetkit (package internal/dividebench).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"k8s.io/klog/v2"

	"github.com/fleetkit/fleetkit/distribute"
	karmadacompat "github.com/fleetkit/fleetkit/internal/compat/karmada"
	"github.com/fleetkit/fleetkit/internal/dividebench"
)

var divider = dividebench.Divider{
	Name:   "karmada-divide",
	Engine: "karmada AssignReplicas",
	Divide: func(req distribute.Request) ([]distribute.Assignment, error) {
		c, err := karmadacompat.CaseOf(req)
		if err != nil {
			return nil, err
		}
		return c.AssignReplicas()
	},
}

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "karmada-divide:", err)
		os.Exit(1)
	}
}

// run divides the request named by -f and writes the table to stdout.
func run(args []string, stdin io.Reader, stdout io.Writer) error {
	if err := silenceKlog(); err != nil {
		return err
	}
	return dividebench.Run(args, stdin, stdout, divider)
}

// silenceKlog drops Karmada's logs of defaulted fields, as its oracle tests do.
func silenceKlog() error {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	if err := fs.Set("logtostderr", "false"); err != nil {
		return fmt.Errorf("klog: %w", err)
	}
	klog.SetOutput(io.Discard)
	return nil
}
