package testenv

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-logr/logr"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
)

// Options configures Start.
type Options struct {
	// CRDs are the CRD sets to install before Start returns (established and served).
	CRDs []CRDSet
	// StartTimeout bounds the start of each control-plane process; default one minute (the machine
	// may be busy compiling).
	StartTimeout time.Duration
}

// Env is a running kube-apiserver + etcd.
type Env struct {
	// Config connects to the API server as an administrator.
	Config *rest.Config
	// Client is a controller-runtime client over Scheme whose writes use strict field validation, so an
	// object that does not match its CRD schema (an unknown or misspelt field) is rejected, not pruned.
	Client client.Client
	// Scheme knows client-go's types and every API of the installable CRD sets (see NewScheme).
	Scheme *runtime.Scheme

	env *envtest.Environment
}

// quietLog silences controller-runtime's global logger once: envtest logs through it, and an unset
// logger prints a stack trace on first use instead.
var quietLog sync.Once

// Start starts the control plane and installs the requested CRDs.
func Start(opts Options) (*Env, error) {
	quietLog.Do(func() { ctrllog.SetLogger(logr.Discard()) })
	bin, err := BinaryDir()
	if err != nil {
		return nil, err
	}
	crds, err := LoadCRDs(opts.CRDs...)
	if err != nil {
		return nil, err
	}
	scheme, err := NewScheme()
	if err != nil {
		return nil, fmt.Errorf("testenv: scheme: %w", err)
	}
	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = time.Minute
	}
	e := &envtest.Environment{
		BinaryAssetsDirectory:    bin,
		CRDInstallOptions:        envtest.CRDInstallOptions{CRDs: crds, Scheme: scheme},
		ErrorIfCRDPathMissing:    true,
		ControlPlaneStartTimeout: timeout,
		ControlPlaneStopTimeout:  30 * time.Second,
	}
	cfg, err := e.Start()
	if err != nil {
		return nil, fmt.Errorf("testenv: start kube-apiserver and etcd from %s: %w", bin, err)
	}
	c, err := client.New(cfg, client.Options{Scheme: scheme, FieldValidation: "Strict"})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("testenv: client: %w", err), e.Stop())
	}
	return &Env{Config: cfg, Client: c, Scheme: scheme, env: e}, nil
}

// Stop stops the API server and etcd and removes their data.
func (e *Env) Stop() error {
	if e == nil || e.env == nil {
		return nil
	}
	return e.env.Stop()
}

// Create creates obj through the strict client (kept for readability at call sites).
func (e *Env) Create(ctx context.Context, obj client.Object, opts ...client.CreateOption) error {
	return e.Client.Create(ctx, obj, opts...)
}

// Main is a TestMain body: it starts an environment into *env, runs the package's tests, stops the
// environment and exits. A start failure fails the package loudly (exit 1); it never skips.
//
// The fuzzer's worker processes start no environment: they only run the fuzz function, and an API
// server in every worker would stall fuzzing. The coordinating process starts it as usual.
func Main(m *testing.M, opts Options, env **Env) {
	flag.Parse()
	if f := flag.Lookup("test.fuzzworker"); f != nil && f.Value.String() == "true" {
		os.Exit(m.Run())
	}
	if f := flag.Lookup("test.list"); f != nil && f.Value.String() != "" { // listing runs nothing: `make fuzz` lists every package
		os.Exit(m.Run())
	}
	os.Exit(run(m, opts, env))
}

func run(m *testing.M, opts Options, env **Env) int {
	start := time.Now()
	e, err := Start(opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: integration environment: %v\n", err)
		return 1
	}
	host := e.Config.Host
	fmt.Fprintf(os.Stderr, "testenv: kube-apiserver v%s + %s at %s with CRD sets %v ready in %s\n",
		KubernetesVersion, etcdVersion(), host, opts.CRDs, time.Since(start).Round(time.Millisecond))
	*env = e
	code := m.Run()
	if err := e.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "testenv: stop: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// etcdVersion is the first line of `etcd --version` ("etcd Version: 3.6.5"), for the start log.
func etcdVersion() string {
	dir, err := BinaryDir()
	if err != nil {
		return "etcd"
	}
	out, err := exec.Command(filepath.Join(dir, "etcd"), "--version").Output()
	if err != nil {
		return "etcd"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}
