// Command rollout-controller is an example controller-runtime controller that embeds fleetkit's rollout
// engine: it watches Deployments annotated with rollout.fleetkit.dev/analysis and runs canary analysis
// with Istio routing (traffic/istio), Prometheus metrics (observe/prometheus), HTTP webhooks
// (rollout/webhook) and the Kubernetes adapter (rollout/kube).
//
// The annotated Deployment is the canary, as in Flagger: the controller creates <name>-primary from
// it, routes clients of <name> between the services <name>-primary and <name>-canary with a
// VirtualService, and keeps the runner's record in the rollout.fleetkit.dev/record annotation.
// Removing the analysis annotation lets the Deployment go: the controller routes all traffic to the
// primary, then scales the canary to zero and removes the record (an AnalysisRemoved event); the
// primary and the VirtualService stay. Configuration it cannot run is a Warning event on the
// Deployment (InvalidAnalysis, SetupFailed).
// Replicas elect one leader with a Lease (--leader-elect, on by default); the record is written
// with compare-and-set as well, so a second writer never overwrites a newer record.
//
//	rollout-controller --prometheus http://prometheus.istio-system:9090 --kubeconfig ~/.kube/config \
//	    --leader-election-namespace rollouts
//
// With --fleet-clusters the metrics come from a Thanos Query over the fleet, and an answer that
// misses a cluster is a failed check, never a pass. Prometheus and Thanos warnings are logged and
// recorded as MetricWarning events on the Deployment.
//
// # Scaling
//
// Unlike Flagger, which runs a goroutine and a timer per canary, the controller keeps nothing per
// rollout: every annotated Deployment is a key of one controller-runtime work queue, served by
// --workers reconciles at once, and woken one analysis interval after its last tick (the queue's
// delayed adds are its timers). When the workers cannot keep up, every rollout's interval stretches
// alike instead of some starving. A tick mostly waits on the API server and Prometheus, so the
// throughput is about --workers ÷ tick latency until the CPU runs out: raise --workers for many
// rollouts in analysis at once. A tick costs the API server one read of the target and one of
// the primary (a kube.Session per reconcile), and, when it moves traffic, two record saves, one
// VirtualService update and an Event; a tick at rest only reads. Updates that only saved a record
// wake no reconcile. `make bench-load` measures it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/go-logr/logr"
	istionetworkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/rollout/webhook"
)

// LeaseName is the Lease the replicas of the controller elect their leader with.
const LeaseName = "rollout-controller.fleetkit.dev"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "rollout-controller:", err)
		os.Exit(1)
	}
}

func run() error {
	promURL := flag.String("prometheus", "http://prometheus.istio-system:9090", "Prometheus or Thanos query URL")
	provider := flag.String("provider", string(observe.Istio), "metric template provider: istio or nginx")
	ingressSuffix := flag.String("canary-ingress-suffix", "",
		"with --provider nginx, required: the canary ingress the NGINX queries select is the Deployment's name plus this suffix (Flagger's is -canary)")
	fleetClusters := flag.String("fleet-clusters", "",
		"comma-separated clusters every answer of the --prometheus Thanos Query must cover; an answer missing one fails the check")
	elect := flag.Bool("leader-elect", true, "run one active replica, elected with a Lease; disable only for a single replica")
	leaseNS := flag.String("leader-election-namespace", "",
		"namespace of the Lease; required outside a cluster, inside it defaults to the controller's namespace")
	workers := flag.Int("workers", 8,
		"rollouts reconciled at once (controller-runtime MaxConcurrentReconciles); one Deployment is never reconciled twice at once")
	zapOpts := zap.Options{}
	zapOpts.BindFlags(flag.CommandLine)
	flag.Parse() // controller-runtime registers --kubeconfig
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&zapOpts)))

	cfg, err := ctrl.GetConfig()
	if err != nil {
		return err
	}
	scheme, err := newScheme()
	if err != nil {
		return err
	}
	if *workers < 1 {
		return fmt.Errorf("--workers: %d is less than 1", *workers)
	}
	opts := managerOptions(scheme, *elect, *leaseNS)
	opts.Controller.MaxConcurrentReconciles = *workers
	mgr, err := ctrl.NewManager(cfg, opts)
	if err != nil {
		return err
	}
	if observe.Provider(*provider) == observe.NGINX && *ingressSuffix == "" {
		return errors.New("--canary-ingress-suffix is required with --provider nginx: the NGINX queries select the canary ingress by name")
	}
	metrics, err := newMetricSource(*promURL, observe.Provider(*provider), *fleetClusters, ctrl.Log.WithName("metrics"))
	if err != nil {
		return err
	}
	hooks, err := webhook.New(webhook.Options{})
	if err != nil {
		return err
	}
	rec := newReconciler(mgr, metrics, hooks, observe.Provider(*provider))
	rec.IngressSuffix = *ingressSuffix
	if err := setup(mgr, rec); err != nil {
		return err
	}
	return mgr.Start(ctrl.SetupSignalHandler())
}

// newMetricSource is the rollouts' metric source: one Prometheus, or with clusters a Thanos Query whose
// every answer must cover them (observe/prometheus.Global, strict: a partial answer is a failed
// check, never a pass). Either way the server's warnings are logged and, through the runner, become
// MetricWarning events on the Deployment.
func newMetricSource(url string, provider observe.Provider, clusters string, logger logr.Logger) (runner.MetricSource, error) {
	opts := prometheus.Options{Provider: provider, Logger: logger}
	if clusters == "" {
		return prometheus.NewForAddress(url, opts)
	}
	return prometheus.NewGlobalForAddress(url, prometheus.GlobalOptions{Clusters: strings.Split(clusters, ","), Source: opts})
}

// managerOptions are the manager's options: leader election with a Lease unless disabled, released
// on shutdown so that a new replica takes over without waiting for the lease to expire.
func managerOptions(scheme *runtime.Scheme, elect bool, leaseNamespace string) manager.Options {
	return manager.Options{Scheme: scheme, LeaderElection: elect, LeaderElectionID: LeaseName,
		LeaderElectionNamespace: leaseNamespace, LeaderElectionReleaseOnCancel: true}
}

// newScheme knows the objects the controller touches: Deployments, events, Leases and Istio networking.
func newScheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		return nil, err
	}
	return s, istionetworkingv1.AddToScheme(s)
}

// newReconciler wires the manager's client, its API reader (decisions read the record, the
// intent and the templates fresh, not from the cache) and the metric and webhook adapters.
func newReconciler(mgr manager.Manager, metrics runner.MetricSource, hooks runner.HookCaller, provider observe.Provider) *Reconciler {
	return &Reconciler{Client: mgr.GetClient(), Reader: mgr.GetAPIReader(), Metrics: metrics, Hooks: hooks,
		Provider: provider, Recorder: mgr.GetEventRecorder("rollout-controller"), Now: time.Now}
}

// setup registers the reconciler for the Deployments it rolls out (ours), except for the updates
// that only saved a record (notOnlyTheRecord).
func setup(mgr manager.Manager, r reconcile.Reconciler) error {
	return ctrl.NewControllerManagedBy(mgr).Named("rollout").
		For(&appsv1.Deployment{}, builder.WithPredicates(ours(), notOnlyTheRecord())).Complete(r)
}
