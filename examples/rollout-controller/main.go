// Command rollout-controller is an example controller-runtime controller that embeds fleetkit's rollout
// engine: it watches Deployments annotated with rollout.fleetkit.dev/analysis and runs canary analysis
// with Istio routing (traffic/istio), Prometheus metrics (observe/prometheus) and HTTP webhooks
// (rollout/webhook).
//
// The annotated Deployment is the canary, as in Flagger: the controller creates <name>-primary from
// it, routes clients of <name> between the services <name>-primary and <name>-canary with a
// VirtualService, and keeps the runner's record in the rollout.fleetkit.dev/record annotation.
//
//	rollout-controller --prometheus http://prometheus.istio-system:9090 --kubeconfig ~/.kube/config
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	istionetworkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout/webhook"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "rollout-controller:", err)
		os.Exit(1)
	}
}

func run() error {
	promURL := flag.String("prometheus", "http://prometheus.istio-system:9090", "Prometheus or Thanos query URL")
	provider := flag.String("provider", string(observe.Istio), "metric template provider: istio or nginx")
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
	mgr, err := ctrl.NewManager(cfg, manager.Options{Scheme: scheme})
	if err != nil {
		return err
	}
	r, err := newReconciler(mgr, *promURL, observe.Provider(*provider))
	if err != nil {
		return err
	}
	if err := setup(mgr, r); err != nil {
		return err
	}
	return mgr.Start(ctrl.SetupSignalHandler())
}

// newScheme knows the objects the controller touches: Deployments, events and Istio networking.
func newScheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		return nil, err
	}
	return s, istionetworkingv1.AddToScheme(s)
}

// newReconciler wires the adapters into a Reconciler.
func newReconciler(mgr manager.Manager, promURL string, provider observe.Provider) (*Reconciler, error) {
	metrics, err := prometheus.NewForAddress(promURL, prometheus.Options{Provider: provider})
	if err != nil {
		return nil, err
	}
	hooks, err := webhook.New(webhook.Options{})
	if err != nil {
		return nil, err
	}
	return &Reconciler{Client: mgr.GetClient(), Metrics: metrics, Hooks: hooks, Provider: provider,
		Recorder: mgr.GetEventRecorder("rollout-controller"), Now: time.Now}, nil
}

// setup registers the reconciler for annotated Deployments.
func setup(mgr manager.Manager, r *Reconciler) error {
	annotated := predicate.NewPredicateFuncs(func(o client.Object) bool {
		_, ok := o.GetAnnotations()[AnnotationAnalysis]
		return ok
	})
	return ctrl.NewControllerManagedBy(mgr).Named("rollout").
		For(&appsv1.Deployment{}, builder.WithPredicates(annotated)).Complete(r)
}
