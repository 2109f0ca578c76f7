package promop

import (
	"maps"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
)

// Labels the builders put on the objects they make.
const (
	// ManagedByLabel marks the objects as fleetkit's (app.kubernetes.io/managed-by).
	ManagedByLabel = "app.kubernetes.io/managed-by"
	// ClusterLabel names the member a Prometheus object is for.
	ClusterLabel = "monitoring.fleetkit.dev/cluster"
	// RulesLabel marks the PrometheusRules of rollout SLOs; every planned Prometheus selects them,
	// in every namespace.
	RulesLabel = "monitoring.fleetkit.dev/rules"
	// RolloutSLORules is RulesLabel's value on rollout SLO rules.
	RolloutSLORules = "rollout-slo"
)

// Options are what the plan does not say about the objects: where they live and which Secret
// holds the sidecars' objstore.yml.
type Options struct {
	// Namespace and Name place each member's Prometheus object (the same on every member).
	Namespace string
	Name      string
	// ObjectStorageSecret is the key of a Secret, in Namespace on every member, that holds the
	// plan's objstore.yml (stack.Storage.ObjstoreConfig). Name and Key are required: the CRD
	// accepts empty ones, and the operator then starts sidecars that upload nothing.
	ObjectStorageSecret corev1.SecretKeySelector
}

func (o Options) problems() []*ValidationError {
	var out []*ValidationError
	for _, why := range validation.IsDNS1123Label(o.Namespace) {
		out = append(out, invalid("options.namespace", "%s", why))
	}
	// The operator names the StatefulSet prometheus-<name> and labels its pods with the name.
	for _, why := range validation.IsDNS1123Label(o.Name) {
		out = append(out, invalid("options.name", "%s", why))
	}
	if o.ObjectStorageSecret.Name == "" {
		out = append(out, invalid("options.objectStorageSecret.name", "must name the Secret holding objstore.yml"))
	} else {
		for _, why := range validation.IsDNS1123Subdomain(o.ObjectStorageSecret.Name) {
			out = append(out, invalid("options.objectStorageSecret.name", "%s", why))
		}
	}
	if o.ObjectStorageSecret.Key == "" {
		out = append(out, invalid("options.objectStorageSecret.key", "must name the Secret's key holding objstore.yml"))
	} else {
		for _, why := range validation.IsConfigMapKey(o.ObjectStorageSecret.Key) {
			out = append(out, invalid("options.objectStorageSecret.key", "%s", why))
		}
	}
	return out
}

// Member is the Prometheus object of one member cluster, to be applied on that cluster.
type Member struct {
	Cluster    string
	Prometheus *monitoringv1.Prometheus
}

// Prometheuses builds one Prometheus per member of the plan, in the plan's order: the member's
// external labels, its replica count with the plan's replica label as replicaExternalLabelName
// (the operator fills it with the pod name, where plain installs use the replica index), and a
// Thanos sidecar reading the object storage configuration from Options.ObjectStorageSecret. Every
// problem is returned, joined and sorted by field.
func Prometheuses(plan *stack.Plan, opts Options) ([]Member, error) {
	if plan == nil {
		return nil, invalid("plan", "must not be nil")
	}
	if err := joinSorted(opts.problems()); err != nil {
		return nil, err
	}
	out := make([]Member, len(plan.Members))
	for i, m := range plan.Members {
		out[i] = Member{Cluster: m.Cluster, Prometheus: prometheus(plan, m, opts)}
	}
	return out, nil
}

func prometheus(plan *stack.Plan, m stack.MemberPlan, opts Options) *monitoringv1.Prometheus {
	secret := opts.ObjectStorageSecret.DeepCopy()
	p := &monitoringv1.Prometheus{
		TypeMeta: metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PrometheusesKind},
		ObjectMeta: metav1.ObjectMeta{Namespace: opts.Namespace, Name: opts.Name,
			Labels: map[string]string{ManagedByLabel: "fleetkit", ClusterLabel: m.Cluster}},
		Spec: monitoringv1.PrometheusSpec{
			CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
				Replicas:                 ptr.To(int32(len(m.Replicas))),
				ReplicaExternalLabelName: ptr.To(plan.ReplicaLabel),
				ExternalLabels:           maps.Clone(m.ExternalLabels),
				// Set, not left to the CRD's default: it is the interval stack checks rate windows against.
				ScrapeInterval: monitoringv1.Duration(observe.FormatDuration(stack.DefaultScrapeInterval)),
			},
			RuleSelector:          &metav1.LabelSelector{MatchLabels: map[string]string{RulesLabel: RolloutSLORules}},
			RuleNamespaceSelector: &metav1.LabelSelector{},
			Thanos:                &monitoringv1.ThanosSpec{ObjectStorageConfig: secret},
		},
	}
	return p
}
