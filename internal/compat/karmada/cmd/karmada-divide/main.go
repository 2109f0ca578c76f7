// Command karmada-divide divides a fleetkit division request (the file
// `fleetctl divide -f` reads) with Karmada's own scheduler code,
// pkg/scheduler/core.AssignReplicas of Karmada v1.17.1, and prints one row per
// cluster. It exists to measure fleetctl against a binary calling Karmada
// (hack/bench-process.sh, `make bench-process`): both processes read the same
// file with the same decoder, distribute.DecodeRequest, so they differ only in
// what they link and how they divide. It is not part of fleetkit.
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
// cluster name: Karmada appends the clusters it keeps in map order.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"k8s.io/klog/v2"

	"github.com/fleetkit/fleetkit/distribute"
	karmadacompat "github.com/fleetkit/fleetkit/internal/compat/karmada"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "karmada-divide:", err)
		os.Exit(1)
	}
}

// run divides the request named by -f and writes the table to stdout.
func run(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("karmada-divide", flag.ContinueOnError)
	file := fs.String("f", "", "division request (YAML or JSON, - for stdin), as `fleetctl divide -f` reads")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || fs.NArg() > 0 {
		return errors.New("usage: karmada-divide -f FILE")
	}
	if err := silenceKlog(); err != nil {
		return err
	}
	data, err := read(*file, stdin)
	if err != nil {
		return err
	}
	req, err := distribute.DecodeRequest(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *file, err)
	}
	c, err := karmadacompat.CaseOf(req)
	if err != nil {
		return fmt.Errorf("%s: %w", *file, err)
	}
	got, err := c.AssignReplicas()
	if err != nil {
		return err
	}
	return writeTable(stdout, req, got)
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

func read(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}

// writeTable prints a summary line, then CLUSTER and REPLICAS columns sorted by cluster name.
func writeTable(w io.Writer, req distribute.Request, got []distribute.Assignment) error {
	slices.SortFunc(got, func(a, b distribute.Assignment) int { return strings.Compare(a.Cluster, b.Cluster) })
	width := len("CLUSTER")
	var divided int64
	for _, a := range got {
		width = max(width, len(a.Cluster))
		divided += int64(a.Replicas)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = fmt.Fprintf(bw, "karmada AssignReplicas: strategy %s, %d replicas (%d divided)\n", req.Strategy, req.Replicas, divided)
	row := func(name, replicas string) {
		_, _ = bw.WriteString(name)
		_, _ = bw.WriteString(strings.Repeat(" ", width-len(name)+2))
		_, _ = bw.WriteString(replicas)
		_ = bw.WriteByte('\n')
	}
	row("CLUSTER", "REPLICAS")
	for _, a := range got {
		row(a.Cluster, strconv.Itoa(int(a.Replicas)))
	}
	return bw.Flush()
}
