package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	corev1 "k8s.io/api/core/v1"

	"github.com/fleetkit/fleetkit/fleet"
)

func demoFleet(w io.Writer, env demoEnv) error {
	source := "embedded sample fleet"
	if env.FleetFile != "" {
		source = env.FleetFile
	}
	fmt.Fprintf(w, "Fleet %q (%s): %d members\n\n", env.Fleet.Name, source, len(env.Fleet.Members))
	return fleetTable(w, env.Fleet)
}

// fleetTable prints one row per member: where it is, what it is for, and its free capacity.
func fleetTable(w io.Writer, f fleet.Fleet) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tPROVIDER\tREGION\tZONE\tREADY\tFREE CPU\tFREE MEMORY\tFREE GPU\tLABELS")
	for _, m := range f.Members {
		free := m.Capacity.Free()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%t\t%s\t%s\t%s\t%s\n", m.Name, dash(string(m.Role)), dash(m.Provider),
			dash(m.Region), dash(strings.Join(m.AllZones(), ",")), !m.NotReady, quantity(free, corev1.ResourceCPU), quantity(free, corev1.ResourceMemory),
			quantity(free, "nvidia.com/gpu"), labelString(m.Labels))
	}
	return tw.Flush()
}

func quantity(l corev1.ResourceList, name corev1.ResourceName) string {
	q, ok := l[name]
	if !ok {
		return "-"
	}
	return q.String()
}

func labelString(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + labels[k]
	}
	return dash(strings.Join(parts, ","))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
