package prometheus

import (
	"regexp"
	"slices"
)

// storeFailure matches the warning Thanos Query (v0.42.4, pkg/store/proxy_merge.go) adds to an answer
// when a store fails while sending its series — partial response, on by default — and captures the
// store's address: "receive series from Addr: <addr> MinTime: ..." or "failed to receive any data in
// <timeout> from Addr: <addr> MinTime: ...". The answer then lacks that store's series, though the
// store may be healthy at the next health check and the probe may have reached it.
var storeFailure = regexp.MustCompile(`(?:receive series from|failed to receive any data in \S+ from) Addr: (\S+) `)

// failedClusters returns the clusters whose store failed while answering, by the query's warnings
// and the stores' addresses (byAddr, from /api/v1/stores), and whether a failed store could not be
// matched to a cluster (its address is not among the stores, or the stores were not read).
func failedClusters(warnings []string, byAddr map[string][]string) (failed []string, unknown bool) {
	for _, w := range warnings {
		for _, m := range storeFailure.FindAllStringSubmatch(w, -1) {
			clusters, ok := byAddr[m[1]]
			if !ok {
				unknown = true
				continue
			}
			for _, c := range clusters {
				if !slices.Contains(failed, c) {
					failed = append(failed, c)
				}
			}
		}
	}
	return failed, unknown
}

// storeFailureIn returns the first warning that says a store failed while answering.
func storeFailureIn(warnings []string) (string, bool) {
	for _, w := range warnings {
		if storeFailure.MatchString(w) {
			return w, true
		}
	}
	return "", false
}
