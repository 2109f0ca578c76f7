package prometheus

import (
	"regexp"
	"slices"
)

// storeFailure matches the warnings Thanos Query (v0.42.4, pkg/store/proxy.go and proxy_merge.go) adds
// to an answer when a store contributes no series or only some — partial response, on by default —
// and captures the store's address: "receive series from Addr: <addr> MinTime: ..." or "failed to
// receive any data in <timeout> from Addr: <addr> MinTime: ..." when it fails while sending them, and
// "fetch series for <label sets or Store Gateway> Addr: <addr> MinTime: ..." when its Series stream
// cannot even be opened (a sidecar that just went down, until the next health check drops it). The
// answer then lacks that store's series, though the store may be healthy at the next health check
// and the probe may have reached it. The label sets hold spaces and quotes, so the address is found
// by its "Addr: " prefix.
var storeFailure = regexp.MustCompile(`(?:receive series from|failed to receive any data in \S+ from|fetch series for .*?) Addr: (\S+) `)

// failedClusters returns the clusters left without series by the stores that failed while answering,
// as the query's warnings name them: a cluster fails when one of its groups (see storeIndex) has a
// failed store and no healthy store that did not fail — one replica of an HA pair failing, its twin
// answering, leaves the deduplicated answer complete. unknown reports a failed store whose address
// is not among the stores (or the stores were not read): which clusters it served cannot be told.
func failedClusters(warnings []string, idx storeIndex) (failed []string, unknown bool) {
	failedAddrs := map[string]bool{}
	for _, w := range warnings {
		for _, m := range storeFailure.FindAllStringSubmatch(w, -1) {
			if !idx.known[m[1]] {
				unknown = true
				continue
			}
			failedAddrs[m[1]] = true
		}
	}
	if len(failedAddrs) == 0 {
		return nil, unknown
	}
	for cluster, groups := range idx.groups {
		for _, refs := range groups {
			someFailed := slices.ContainsFunc(refs, func(r storeRef) bool { return failedAddrs[r.addr] })
			answered := slices.ContainsFunc(refs, func(r storeRef) bool { return r.healthy && !failedAddrs[r.addr] })
			if someFailed && !answered {
				failed = append(failed, cluster)
				break
			}
		}
	}
	slices.Sort(failed)
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
