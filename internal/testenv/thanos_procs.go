package testenv

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	sigsyaml "sigs.k8s.io/yaml"
)

// startMember starts one member's Prometheus (2h blocks, as the sidecar's upload requires) and
// its sidecar, adds it to th.Members (so that Stop stops what started) and waits for both.
func (th *Thanos) startMember(thanos, prom, bucket string, i int, m ThanosMember, opts ThanosOptions) error {
	dir := filepath.Join(th.dir, fmt.Sprintf("member-%d", i))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	labels := maps.Clone(opts.ExternalLabels)
	if labels == nil {
		labels = map[string]string{}
	}
	labels[opts.ClusterLabel] = m.Cluster
	if m.Replica != "" {
		labels[opts.ReplicaLabel] = m.Replica
	}
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := writeMemberConfig(cfgPath, m.ScrapeTargets, labels); err != nil {
		return err
	}
	ports, err := freePorts(3)
	if err != nil {
		return err
	}
	mp := &ThanosMemberProcess{ThanosMember: m, PrometheusURL: fmt.Sprintf("http://127.0.0.1:%d", ports[0]),
		SidecarGRPC: fmt.Sprintf("127.0.0.1:%d", ports[1])}
	tsdb := filepath.Join(dir, "data")
	name := fmt.Sprintf("prometheus-%s%s", m.Cluster, m.Replica)
	mp.prometheus, err = startProcess(name, th.dir, prom, "--config.file="+cfgPath, "--storage.tsdb.path="+tsdb,
		"--web.listen-address="+strings.TrimPrefix(mp.PrometheusURL, "http://"), "--log.level=warn",
		"--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h")
	if err != nil {
		return err
	}
	th.Members = append(th.Members, mp)
	if err := waitHTTP(mp.prometheus, mp.PrometheusURL+"/-/ready", 30*time.Second); err != nil {
		return err
	}
	sidecarHTTP := fmt.Sprintf("http://127.0.0.1:%d", ports[2])
	mp.sidecar, err = startProcess("sidecar-"+m.Cluster+m.Replica, th.dir, thanos, "sidecar",
		"--prometheus.url="+mp.PrometheusURL, "--tsdb.path="+tsdb, "--objstore.config-file="+bucket,
		"--grpc-address="+mp.SidecarGRPC, "--http-address="+strings.TrimPrefix(sidecarHTTP, "http://"), "--log.level=warn")
	if err != nil {
		return err
	}
	return waitHTTP(mp.sidecar, sidecarHTTP+"/-/ready", 30*time.Second)
}

func writeMemberConfig(path string, targets []ScrapeTarget, external map[string]string) error {
	var statics []map[string]any
	for _, t := range targets {
		statics = append(statics, map[string]any{"targets": []string{t.Address}, "labels": t.Labels})
	}
	cfg := map[string]any{"global": map[string]any{"scrape_interval": "1s", "evaluation_interval": "1s",
		"external_labels": external}}
	if len(statics) > 0 {
		cfg["scrape_configs"] = []any{map[string]any{"job_name": "fleetkit-test", "static_configs": statics}}
	}
	data, err := sigsyaml.Marshal(cfg)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// startStore starts a store gateway over the bucket and returns its gRPC address.
func (th *Thanos) startStore(thanos, bucket string) (string, error) {
	ports, err := freePorts(2)
	if err != nil {
		return "", err
	}
	grpc, httpAddr := fmt.Sprintf("127.0.0.1:%d", ports[0]), fmt.Sprintf("127.0.0.1:%d", ports[1])
	th.store, err = startProcess("store", th.dir, thanos, "store", "--data-dir="+filepath.Join(th.dir, "store"),
		"--objstore.config-file="+bucket, "--grpc-address="+grpc, "--http-address="+httpAddr, "--log.level=warn")
	if err != nil {
		return "", err
	}
	return grpc, waitHTTP(th.store, "http://"+httpAddr+"/-/ready", 30*time.Second)
}

// startQuery starts the Querier over the endpoints, listed in an --endpoint.sd-config file (the
// --endpoint flag is deprecated in 0.42). Health checks run every second (a hidden flag, five
// seconds by default), so that a stopped sidecar shows in /api/v1/stores quickly.
func (th *Thanos) startQuery(thanos string, endpoints []string, replicaLabel string) error {
	var list []map[string]string
	for _, e := range endpoints {
		list = append(list, map[string]string{"address": e})
	}
	data, err := sigsyaml.Marshal(map[string]any{"endpoints": list})
	if err != nil {
		return err
	}
	sd := filepath.Join(th.dir, "endpoints.yml")
	if err := os.WriteFile(sd, data, 0o600); err != nil {
		return err
	}
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	th.QueryURL = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	th.query, err = startProcess("query", th.dir, thanos, "query", "--http-address="+strings.TrimPrefix(th.QueryURL, "http://"),
		fmt.Sprintf("--grpc-address=127.0.0.1:%d", ports[1]), "--endpoint.sd-config-file="+sd,
		"--query.replica-label="+replicaLabel, "--endpoint.info-timeout=1s", "--log.level=warn")
	if err != nil {
		return err
	}
	return waitHTTP(th.query, th.QueryURL+"/-/ready", 30*time.Second)
}

// Stop stops every process (the Querier first) and removes the fleet's directory.
func (th *Thanos) Stop() error {
	for _, p := range th.processes() {
		p.stop(10 * time.Second)
	}
	return os.RemoveAll(th.dir)
}

func (th *Thanos) processes() []*process {
	var ps []*process
	for _, p := range []*process{th.query, th.store} {
		if p != nil {
			ps = append(ps, p)
		}
	}
	for _, m := range th.Members {
		for _, p := range []*process{m.sidecar, m.prometheus} {
			if p != nil {
				ps = append(ps, p)
			}
		}
	}
	return ps
}

// Logs returns the tail of every process log, for a failing test.
func (th *Thanos) Logs() string {
	var b strings.Builder
	for _, p := range th.processes() {
		fmt.Fprintf(&b, "--- %s ---\n%s\n", p.name, p.logTail(1500))
	}
	return b.String()
}

// waitHTTP polls url until it answers 200, p exits, or timeout passes.
func waitHTTP(p *process, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		if err := p.exited(); err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close() // the status code is all a readiness probe reads
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready at %s in %s", p.name, url, timeout)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// freePorts returns n distinct free loopback ports, all probed at once.
func freePorts(n int) ([]int, error) {
	var out []int
	for len(out) < n {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}
