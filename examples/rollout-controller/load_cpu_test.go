package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// cpuTimes is the CPU time (user + system) of this process and of each of its child processes
// (kube-apiserver, etcd, Prometheus), by command name, from /proc (Linux; empty elsewhere).
func cpuTimes() map[string]time.Duration {
	out := map[string]time.Duration{}
	self := strconv.Itoa(os.Getpid())
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		name, ppid, cpu, ok := procStat(e.Name())
		if !ok || (e.Name() != self && ppid != self) {
			continue
		}
		if e.Name() == self {
			name = "controller (test process)"
		}
		out[name] += cpu
	}
	return out
}

// procStat reads the command name, parent pid and CPU time of a process from /proc/<pid>/stat.
func procStat(pid string) (name, ppid string, cpu time.Duration, ok bool) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return "", "", 0, false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return "", "", 0, false
	}
	fields := strings.Fields(s[end+1:]) // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
	if len(fields) < 13 {
		return "", "", 0, false
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const clockTicks = 100 // USER_HZ on Linux
	return s[open+1 : end], fields[1], time.Duration(utime+stime) * time.Second / clockTicks, true
}

// reportCPU logs the CPU time each process spent in the window, per tick.
func (m *tickMeter) reportCPU(b *testing.B, before, after map[string]time.Duration) {
	m.mu.Lock()
	ticks := max(float64(m.ticks), 1)
	m.mu.Unlock()
	var sb strings.Builder
	var total time.Duration
	for _, name := range slices.Sorted(maps.Keys(after)) {
		d := after[name] - before[name]
		total += d
		fmt.Fprintf(&sb, "\n  %-28s %8s  %.1f ms/tick", name, d.Round(10*time.Millisecond), ms2(d)/ticks)
	}
	b.ReportMetric(ms2(total)/ticks, "cpu-ms/tick")
	b.Logf("CPU time in the window: %s (%.1f ms per tick)%s", total.Round(10*time.Millisecond), ms2(total)/ticks, sb.String())
}

// profileAPIServer writes a CPU profile of kube-apiserver over window to path (its /debug/pprof).
func profileAPIServer(b *testing.B, path string, window time.Duration) {
	rc, err := rest.RESTClientFor(restConfigForRaw(env.Config))
	if err != nil {
		b.Logf("apiserver profile: %v", err)
		return
	}
	data, err := rc.Get().AbsPath("/debug/pprof/profile").Param("seconds", strconv.Itoa(int(window.Seconds())-1)).
		Timeout(window + 10*time.Second).DoRaw(context.Background())
	if err == nil {
		err = os.WriteFile(path, data, 0o600)
	}
	if err != nil {
		b.Logf("apiserver profile: %v", err)
	}
}

func restConfigForRaw(c *rest.Config) *rest.Config {
	cfg := rest.CopyConfig(c)
	cfg.GroupVersion = &corev1.SchemeGroupVersion
	cfg.NegotiatedSerializer = scheme.Codecs.WithoutConversion()
	return cfg
}

// profileController starts a CPU profile of this process into path, and returns what stops it.
func profileController(b *testing.B, path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	require.NoError(b, err)
	require.NoError(b, pprof.StartCPUProfile(f))
	return func() {
		pprof.StopCPUProfile()
		require.NoError(b, f.Close())
	}
}
