package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// ThanosVersion is the version of the thanos binary the environment runs; it must match the version
// hack/tools/thanos/go.mod pins (a test checks).
const ThanosVersion = "0.42.4"

// ThanosBinary returns the thanos executable, checking that it exists. Order: $FLEETKIT_THANOS_BIN
// (a directory); thanos-<version> next to BinaryDir (the layout the setup script writes:
// $FLEETKIT_CACHE/testbin/{<kubernetes version>,thanos-<thanos version>}).
func ThanosBinary() (string, error) {
	dir := os.Getenv("FLEETKIT_THANOS_BIN")
	if dir == "" {
		kube, err := BinaryDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(filepath.Dir(kube), "thanos-"+ThanosVersion)
	}
	bin := filepath.Join(dir, "thanos")
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("testenv: thanos not found in %s: run %s first: %w", dir, setupCommand, err)
	}
	return bin, nil
}

// ThanosMember is one Prometheus of a Thanos test fleet, with its sidecar.
type ThanosMember struct {
	// Cluster is the value of the member's cluster external label.
	Cluster string
	// Replica, when set, is the value of the replica external label: two members of one cluster with
	// different replicas are an HA pair that the Querier deduplicates.
	Replica string
	// ScrapeTargets are scraped every second.
	ScrapeTargets []ScrapeTarget
}

// ThanosOptions configures a Thanos test fleet.
type ThanosOptions struct {
	// Members each run a Prometheus and a thanos sidecar. At least one.
	Members []ThanosMember
	// ExternalLabels are added to every member's external labels (for example fleet=seed).
	ExternalLabels map[string]string
	// ClusterLabel and ReplicaLabel name the external labels; defaults "cluster" and "replica".
	ClusterLabel, ReplicaLabel string
	// Store also runs a thanos store gateway over the shared FILESYSTEM bucket.
	Store bool
}

// Thanos is a running Thanos test fleet: Prometheus processes with distinct external labels, a
// thanos sidecar beside each (uploading to one FILESYSTEM bucket in a temp dir), optionally a store
// gateway over that bucket, and a thanos query over all of them, listed in an --endpoint.sd-config
// file.
type Thanos struct {
	// QueryURL is the Querier's HTTP base URL.
	QueryURL string
	// Members are the running members, in the order of ThanosOptions.Members.
	Members []*ThanosMemberProcess
	// Version is the first line of `thanos --version`.
	Version string

	dir   string
	query *process
	store *process
}

// ThanosMemberProcess is one running member.
type ThanosMemberProcess struct {
	ThanosMember
	// PrometheusURL is the member's own Prometheus, for member-direct queries.
	PrometheusURL string
	// SidecarGRPC is the sidecar's StoreAPI address (host:port) as the Querier knows it.
	SidecarGRPC string

	prometheus *process
	sidecar    *process
}

// StopSidecar stops the member's sidecar (its Prometheus keeps running): the Querier loses the
// member's data, which is how a member drops out of a fleet answer.
func (m *ThanosMemberProcess) StopSidecar() { m.sidecar.stop(10 * time.Second) }

// StartThanos starts the fleet and stops it at cleanup; failures fail the test with the process logs.
func StartThanos(t testing.TB, opts ThanosOptions) *Thanos {
	t.Helper()
	start := time.Now()
	th, err := LaunchThanos(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("testenv: %s, %d members, querier at %s ready in %s", th.Version, len(th.Members), th.QueryURL,
		time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(th.Logs())
		}
		if err := th.Stop(); err != nil {
			t.Errorf("stop thanos: %v", err)
		}
	})
	return th
}

// LaunchThanos starts the fleet and waits until the Querier is ready. The caller stops it.
func LaunchThanos(opts ThanosOptions) (*Thanos, error) {
	if len(opts.Members) == 0 {
		return nil, errors.New("testenv: thanos: at least one member is required")
	}
	thanos, err := ThanosBinary()
	if err != nil {
		return nil, err
	}
	prom, err := PrometheusBinary()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fleetkit-thanos-")
	if err != nil {
		return nil, fmt.Errorf("testenv: thanos: %w", err)
	}
	th := &Thanos{dir: dir, Version: binaryVersion(thanos)}
	if err := th.start(thanos, prom, withThanosDefaults(opts)); err != nil {
		err = fmt.Errorf("testenv: thanos: %w\n%s", err, th.Logs())
		return nil, errors.Join(err, th.Stop())
	}
	return th, nil
}

func withThanosDefaults(o ThanosOptions) ThanosOptions {
	if o.ClusterLabel == "" {
		o.ClusterLabel = "cluster"
	}
	if o.ReplicaLabel == "" {
		o.ReplicaLabel = "replica"
	}
	return o
}

func (th *Thanos) start(thanos, prom string, opts ThanosOptions) error {
	bucket := filepath.Join(th.dir, "bucket.yml")
	cfg := fmt.Sprintf("type: FILESYSTEM\nconfig:\n  directory: %s\n", filepath.Join(th.dir, "bucket"))
	if err := os.WriteFile(bucket, []byte(cfg), 0o600); err != nil {
		return err
	}
	var endpoints []string
	for i, m := range opts.Members {
		if err := th.startMember(thanos, prom, bucket, i, m, opts); err != nil {
			return err
		}
		endpoints = append(endpoints, th.Members[i].SidecarGRPC)
	}
	if opts.Store {
		grpc, err := th.startStore(thanos, bucket)
		if err != nil {
			return err
		}
		endpoints = append(endpoints, grpc)
	}
	return th.startQuery(thanos, endpoints, opts.ReplicaLabel)
}
