package main

import (
	"encoding/json"
	"fmt"
	"strings"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// policySelects refuses a workload that the policy's resourceSelectors do not select: Karmada would not
// divide it with that policy at all, whatever its replicas. Both files have been decoded strictly before
// (karmada.DecodePlacement, karmada.DecodeWorkload); only the identities are read here. A selector
// matches as Karmada's resource detector matches it (pkg/util/selector.go ResourceSelectorPriority,
// karmada v1.17.1): the same apiVersion and kind, the selector's namespace if it names one, then its name,
// else its label selector, else everything; a PropagationPolicy applies only in its own namespace.
//
// It belongs beside DecodePlacement in distribute/karmada, which does not yet return the selectors.
func policySelects(policyData, workloadData []byte) error {
	var p struct {
		Kind     string            `json:"kind"`
		Metadata metav1.ObjectMeta `json:"metadata"`
		Spec     struct {
			ResourceSelectors []policyv1alpha1.ResourceSelector `json:"resourceSelectors"`
		} `json:"spec"`
	}
	var w metav1.PartialObjectMetadata
	if err := identity(policyData, &p); err != nil {
		return err
	}
	if err := identity(workloadData, &w); err != nil {
		return err
	}
	ns, policyNS := namespaceOf(w.Namespace), namespaceOf(p.Metadata.Namespace)
	name := fmt.Sprintf("%s %s %s/%s", w.APIVersion, w.Kind, ns, w.Name)
	if p.Kind == policyv1alpha1.ResourceKindPropagationPolicy && ns != policyNS {
		return fmt.Errorf("%s is not in namespace %s: PropagationPolicy %s/%s applies only to workloads of its own namespace",
			name, policyNS, policyNS, p.Metadata.Name)
	}
	for _, rs := range p.Spec.ResourceSelectors {
		if selects(rs, &w, ns) {
			return nil
		}
	}
	return fmt.Errorf("%s is not selected by %s %s (resourceSelectors: %s): Karmada would not divide it with this policy",
		name, p.Kind, p.Metadata.Name, describeSelectors(p.Spec.ResourceSelectors))
}

// identity reads the apiVersion, kind and metadata of a document already decoded strictly elsewhere.
func identity(data []byte, into any) error {
	doc, err := strictyaml.Parse(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(doc.JSON(), into)
}

func namespaceOf(ns string) string {
	if ns == "" {
		return metav1.NamespaceDefault
	}
	return ns
}

func selects(rs policyv1alpha1.ResourceSelector, w *metav1.PartialObjectMetadata, ns string) bool {
	if rs.APIVersion != w.APIVersion || rs.Kind != w.Kind || (rs.Namespace != "" && rs.Namespace != ns) {
		return false
	}
	if rs.Name != "" {
		return rs.Name == w.Name
	}
	if rs.LabelSelector == nil {
		return true
	}
	s, err := metav1.LabelSelectorAsSelector(rs.LabelSelector)
	return err == nil && s.Matches(labels.Set(w.Labels))
}

func describeSelectors(selectors []policyv1alpha1.ResourceSelector) string {
	if len(selectors) == 0 {
		return "none"
	}
	parts := make([]string, len(selectors))
	for i, rs := range selectors {
		parts[i] = strings.TrimSpace(fmt.Sprintf("%s %s %s", rs.APIVersion, rs.Kind, rs.Name))
		if rs.Name == "" && rs.LabelSelector != nil {
			parts[i] += " " + metav1.FormatLabelSelector(rs.LabelSelector)
		}
	}
	return strings.Join(parts, "; ")
}
