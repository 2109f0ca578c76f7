package promop

import (
	"maps"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
)

// RuleSuffix ends the name of a canary's PrometheusRule: <canary>-slo, in the canary's namespace.
const RuleSuffix = "-slo"

// PrometheusRules builds one PrometheusRule per canary, in the canary's namespace and named
// <canary>-slo, holding the rule group of stack.RolloutRules (recorded success rate and latency, an
// alert and a no-data alert per bound, and the liveness no-data alert) and labelled RulesLabel=RolloutSLORules so the planned Prometheus servers load
// it. Apply them on every member the canary runs on. Invalid canaries are stack's
// *ValidationErrors.
func PrometheusRules(canaries []stack.CanarySLO) ([]*monitoringv1.PrometheusRule, error) {
	groups, err := stack.RolloutRules(canaries)
	if err != nil {
		return nil, err
	}
	out := make([]*monitoringv1.PrometheusRule, len(groups))
	for i, g := range groups {
		out[i] = &monitoringv1.PrometheusRule{
			TypeMeta: metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PrometheusRuleKind},
			ObjectMeta: metav1.ObjectMeta{Namespace: canaries[i].Namespace, Name: canaries[i].Name + RuleSuffix,
				Labels: map[string]string{ManagedByLabel: "fleetkit", RulesLabel: RolloutSLORules}},
			Spec: monitoringv1.PrometheusRuleSpec{Groups: []monitoringv1.RuleGroup{ruleGroup(g)}},
		}
	}
	return out, nil
}

func ruleGroup(g stack.RuleGroup) monitoringv1.RuleGroup {
	out := monitoringv1.RuleGroup{Name: g.Name, Rules: make([]monitoringv1.Rule, len(g.Rules))}
	for i, r := range g.Rules {
		rule := monitoringv1.Rule{Record: r.Record, Alert: r.Alert, Expr: intstr.FromString(r.Expr),
			Labels: maps.Clone(r.Labels), Annotations: maps.Clone(r.Annotations)}
		if r.For > 0 {
			d := monitoringv1.Duration(observe.FormatDuration(r.For))
			rule.For = &d
		}
		out.Rules[i] = rule
	}
	return out
}
