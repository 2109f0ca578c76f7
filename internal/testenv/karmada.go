package testenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// KarmadaVersion is the version of the Karmada components the environment runs; it must match the
// version hack/tools/karmada/go.mod pins (a test checks).
const KarmadaVersion = "1.17.1"

// The Karmada binaries hack/setup-testenv.sh builds.
const (
	KarmadaScheduler         = "karmada-scheduler"
	KarmadaControllerManager = "karmada-controller-manager"
	KarmadaWebhook           = "karmada-webhook"
)

// KarmadaBinaryDir returns the directory holding the Karmada binaries, checking that they exist.
// Order: $FLEETKIT_KARMADA_BIN; karmada-<version> next to BinaryDir (the layout the setup script
// writes: $FLEETKIT_CACHE/testbin/{<kubernetes version>,karmada-<karmada version>}).
func KarmadaBinaryDir() (string, error) {
	dir := os.Getenv("FLEETKIT_KARMADA_BIN")
	if dir == "" {
		kube, err := BinaryDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(filepath.Dir(kube), "karmada-"+KarmadaVersion)
	}
	for _, name := range []string{KarmadaScheduler, KarmadaControllerManager, KarmadaWebhook} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return "", fmt.Errorf("testenv: %s not found in %s: run %s first: %w", name, dir, setupCommand, err)
		}
	}
	return dir, nil
}

// KarmadaOptions says which Karmada components StartKarmada runs against the environment's API
// server, which plays karmada-apiserver.
type KarmadaOptions struct {
	// Scheduler runs karmada-scheduler (leader election, metrics and health probes off; the
	// general estimator only).
	Scheduler bool
	// ControllerManager runs karmada-controller-manager with Controllers. Even with none it runs
	// Karmada's resource detector, which turns resource templates matched by propagation policies
	// into ResourceBindings; it needs the KarmadaConfig CRD set.
	ControllerManager bool
	// Controllers is the controller-manager's --controllers list ("binding", "execution",
	// "workStatus", ...); empty means none ("-*").
	Controllers []string
	// Webhook runs karmada-webhook and registers its policy, binding and work admission webhooks
	// with the API server, so that policies get Karmada's defaults and validation.
	Webhook bool
	// StartTimeout bounds the webhook's start; default one minute.
	StartTimeout time.Duration
}

// KarmadaComponents is a set of running Karmada components.
type KarmadaComponents struct {
	dir     string
	procs   []*process
	webhook *webhookServing
	env     *Env
}

// StartKarmada starts the requested Karmada components against e's API server. Stop them with Stop
// before stopping e.
func (e *Env) StartKarmada(opts KarmadaOptions) (*KarmadaComponents, error) {
	bin, err := KarmadaBinaryDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fleetkit-karmada-")
	if err != nil {
		return nil, fmt.Errorf("testenv: karmada: %w", err)
	}
	k := &KarmadaComponents{dir: dir, env: e}
	if err := k.start(bin, opts); err != nil {
		return nil, errors.Join(fmt.Errorf("testenv: karmada: %w", err), k.Stop())
	}
	return k, nil
}

func (k *KarmadaComponents) start(bin string, opts KarmadaOptions) error {
	kubeconfig := filepath.Join(k.dir, "kubeconfig")
	if err := writeKubeconfig(kubeconfig, k.env.Config); err != nil {
		return err
	}
	// The client rate limits are raised from Karmada's defaults (40 QPS): a test creates hundreds of
	// bindings at once, and the loopback API server is not the bottleneck.
	common := []string{"--kubeconfig=" + kubeconfig, "--leader-elect=false", "--metrics-bind-address=0",
		"--health-probe-bind-address=0", "--kube-api-qps=500", "--kube-api-burst=1000", "--v=2"}
	if opts.Webhook {
		if err := k.startWebhook(bin, kubeconfig, opts); err != nil {
			return err
		}
	}
	if opts.ControllerManager {
		controllers := "-*"
		if len(opts.Controllers) > 0 {
			controllers = strings.Join(opts.Controllers, ",")
		}
		args := append(append([]string(nil), common...), "--controllers="+controllers, "--enable-cluster-resource-modeling=false")
		if err := k.run(KarmadaControllerManager, bin, args...); err != nil {
			return err
		}
	}
	if opts.Scheduler {
		if err := k.run(KarmadaScheduler, bin, common...); err != nil {
			return err
		}
	}
	return nil
}

func (k *KarmadaComponents) run(name, bin string, args ...string) error {
	p, err := startProcess(name, k.dir, filepath.Join(bin, name), args...)
	if err != nil {
		return err
	}
	k.procs = append(k.procs, p)
	return nil
}

// Check returns an error naming every component that has exited, with the end of its log.
func (k *KarmadaComponents) Check() error {
	var errs []error
	for _, p := range k.procs {
		if err := p.exited(); err != nil {
			errs = append(errs, fmt.Errorf("%w; log: %s", err, p.logTail(3000)))
		}
	}
	return errors.Join(errs...)
}

// Logs returns the last n bytes of a component's log (KarmadaScheduler, ...), for failure messages.
func (k *KarmadaComponents) Logs(component string, n int) string {
	for _, p := range k.procs {
		if p.name == component {
			return p.logTail(n)
		}
	}
	return "(not running)"
}

// Stop unregisters the webhooks and stops every component, then removes their files.
func (k *KarmadaComponents) Stop() error {
	if k == nil {
		return nil
	}
	var errs []error
	if k.webhook != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		errs = append(errs, k.webhook.unregister(ctx, k.env))
		cancel()
	}
	for i := len(k.procs) - 1; i >= 0; i-- {
		k.procs[i].stop(10 * time.Second)
	}
	k.procs = nil
	errs = append(errs, os.RemoveAll(k.dir))
	return errors.Join(errs...)
}

// writeKubeconfig writes a kubeconfig for cfg (host, CA, client certificate or token).
func writeKubeconfig(path string, cfg *rest.Config) error {
	kc := clientcmdapi.NewConfig()
	kc.Clusters["env"] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: cfg.CAData,
		InsecureSkipTLSVerify: cfg.Insecure}
	kc.AuthInfos["admin"] = &clientcmdapi.AuthInfo{ClientCertificateData: cfg.CertData, ClientKeyData: cfg.KeyData, Token: cfg.BearerToken}
	kc.Contexts["env"] = &clientcmdapi.Context{Cluster: "env", AuthInfo: "admin"}
	kc.CurrentContext = "env"
	return clientcmd.WriteToFile(*kc, path)
}
