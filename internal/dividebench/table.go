package dividebench

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/fleetkit/fleetkit/distribute"
)

// WriteTable prints a summary line naming engine, then CLUSTER and REPLICAS columns sorted by
// cluster name (Karmada returns the clusters it keeps in map order). It sorts got in place.
func WriteTable(w io.Writer, engine string, req distribute.Request, got []distribute.Assignment) error {
	slices.SortFunc(got, func(a, b distribute.Assignment) int { return strings.Compare(a.Cluster, b.Cluster) })
	width := len("CLUSTER")
	var divided int64
	for _, a := range got {
		width = max(width, len(a.Cluster))
		divided += int64(a.Replicas)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = fmt.Fprintf(bw, "%s: strategy %s, %d replicas (%d divided)\n", engine, req.Strategy, req.Replicas, divided)
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
