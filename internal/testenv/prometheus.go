package testenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sigsyaml "sigs.k8s.io/yaml"
)

// PrometheusOptions configures a test Prometheus.
type PrometheusOptions struct {
	// ScrapeTargets are scraped every ScrapeInterval. Prometheus 2.42 makes the first sample of a new
	// target queryable only after about 5.6 s (a fixed service-discovery throttle), so keep scrape-path
	// tests few and push exact samples with RemoteWrite for the rest.
	ScrapeTargets []ScrapeTarget
	// ScrapeInterval defaults to one second.
	ScrapeInterval time.Duration
	// RemoteWrite enables the remote-write receiver (/api/v1/write) with a 24h out-of-order window, so
	// tests can push samples with exact timestamps, including past ones.
	RemoteWrite bool
}

// ScrapeTarget is one static scrape target.
type ScrapeTarget struct {
	// Address is host:port.
	Address string
	// Labels are attached to every scraped series (for example cluster=serving-sh).
	Labels map[string]string
}

// Prometheus is a running Prometheus server on a loopback port.
type Prometheus struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:41234.
	URL string
	// Version is the first line of `prometheus --version`.
	Version string

	cmd     *exec.Cmd
	dir     string
	done    chan struct{} // closed when the process has exited; exitErr is then set
	exitErr error
}

// PrometheusBinary returns the prometheus executable: $FLEETKIT_PROMETHEUS or `prometheus` on PATH.
func PrometheusBinary() (string, error) {
	if p := os.Getenv("FLEETKIT_PROMETHEUS"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("prometheus")
	if err != nil {
		return "", fmt.Errorf("testenv: prometheus not found on PATH: run %s first: %w", setupCommand, err)
	}
	return p, nil
}

// StartPrometheus launches a Prometheus for the test and stops it at cleanup; failures fail the test.
func StartPrometheus(t testing.TB, opts PrometheusOptions) *Prometheus {
	t.Helper()
	start := time.Now()
	p, err := LaunchPrometheus(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("testenv: %s at %s ready in %s", p.Version, p.URL, time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		if err := p.Stop(); err != nil {
			t.Errorf("stop prometheus: %v", err)
		}
	})
	return p
}

// LaunchPrometheus starts Prometheus with a fresh storage directory on a free loopback port and waits
// until it reports ready.
func LaunchPrometheus(opts PrometheusOptions) (*Prometheus, error) {
	bin, err := PrometheusBinary()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fleetkit-prometheus-")
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // the free port can be taken between probe and bind
		p, err := launchOnce(bin, dir, opts)
		if err == nil {
			p.Version = binaryVersion(bin)
			return p, nil
		}
		lastErr = err
	}
	_ = os.RemoveAll(dir) // best effort: the start already failed, and that is the error to report
	return nil, fmt.Errorf("testenv: start prometheus: %w", lastErr)
}

func launchOnce(bin, dir string, opts PrometheusOptions) (*Prometheus, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := writePrometheusConfig(cfgPath, opts); err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	args := []string{"--config.file=" + cfgPath, "--storage.tsdb.path=" + filepath.Join(dir, "data"),
		"--web.listen-address=" + addr, "--log.level=warn"}
	if opts.RemoteWrite {
		args = append(args, "--web.enable-remote-write-receiver")
	}
	cmd := exec.Command(bin, args...)
	logFile, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		_ = logFile.Close() // nothing was written; the start error is the one to report
		return nil, err
	}
	p := &Prometheus{URL: "http://" + addr, cmd: cmd, dir: dir, done: make(chan struct{})}
	go func() {
		p.exitErr = cmd.Wait()
		_ = logFile.Close() // the log is diagnostics only (logTail); the exit status is kept in exitErr
		close(p.done)
	}()
	if err := p.waitReady(30 * time.Second); err != nil {
		p.kill()
		return nil, fmt.Errorf("%w; log: %s", err, p.logTail())
	}
	return p, nil
}

func writePrometheusConfig(path string, opts PrometheusOptions) error {
	interval := opts.ScrapeInterval
	if interval == 0 {
		interval = time.Second
	}
	var statics []map[string]any
	for _, t := range opts.ScrapeTargets {
		statics = append(statics, map[string]any{"targets": []string{t.Address}, "labels": t.Labels})
	}
	cfg := map[string]any{
		"global":  map[string]any{"scrape_interval": interval.String(), "evaluation_interval": interval.String()},
		"storage": map[string]any{"tsdb": map[string]any{"out_of_order_time_window": "24h"}},
	}
	if len(statics) > 0 {
		cfg["scrape_configs"] = []any{map[string]any{"job_name": "fleetkit-test", "static_configs": statics}}
	}
	data, err := sigsyaml.Marshal(cfg)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

func (p *Prometheus) waitReady(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		select {
		case <-p.done:
			return fmt.Errorf("prometheus exited: %w", p.exitErr)
		case <-ctx.Done():
			return errors.New("prometheus not ready in time")
		case <-time.After(50 * time.Millisecond):
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/-/ready", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close() // the status code is all a readiness probe reads
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
}

// Stop terminates Prometheus and removes its storage.
func (p *Prometheus) Stop() error {
	if p == nil || p.cmd == nil {
		return nil
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.kill()
	}
	p.cmd = nil
	return os.RemoveAll(p.dir)
}

func (p *Prometheus) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

func (p *Prometheus) logTail() string {
	data, _ := os.ReadFile(filepath.Join(p.dir, "prometheus.log"))
	s := strings.TrimSpace(string(data))
	if len(s) > 2000 {
		s = s[len(s)-2000:]
	}
	return s
}

func binaryVersion(bin string) string {
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		return "prometheus (unknown version)"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, err
	}
	return port, nil
}
