// Command fleetkit-divide divides a fleetkit division request (the file `fleetctl divide -f` reads)
// with distribute.Divide and prints one row per cluster: the smallest program embedding fleetkit's
// divider, measured by hack/bench-process.sh (`make bench-process`) against karmada-divide, the same
// program around Karmada's core.AssignReplicas. It is not part of fleetkit's API.
//
// Usage:
//
//	fleetkit-divide -f request.json
package main

import (
	"fmt"
	"os"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/internal/dividebench"
)

var divider = dividebench.Divider{
	Name:   "fleetkit-divide",
	Engine: "fleetkit Divide",
	Divide: func(req distribute.Request) ([]distribute.Assignment, error) {
		plan, err := distribute.Divide(req)
		return plan.Assignments, err
	},
}

func main() {
	if err := dividebench.Run(os.Args[1:], os.Stdin, os.Stdout, divider); err != nil {
		fmt.Fprintln(os.Stderr, "fleetkit-divide:", err)
		os.Exit(1)
	}
}
