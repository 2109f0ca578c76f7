package karmada

import (
	"errors"
	"fmt"
	"strings"

	clusterapi "github.com/karmada-io/karmada/pkg/apis/cluster"
	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/karmada-io/karmada/pkg/apis/cluster/validation"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/fleet"
)

// ClusterFor renders the push-mode Karmada Cluster of a member. creds may be nil (rendering
// without credentials, as `fleetctl fleet render` does); otherwise an empty member APIEndpoint is
// taken from the kubeconfig's server, and insecure-skip-tls-verify and proxy-url carry over. The
// result passes Karmada's own Cluster validation, which its aggregated API server applies and a
// plain CRD would not; a failure is a *MemberError naming the field.
func ClusterFor(m fleet.Member, creds *Credentials, opts Options) (*clusterv1alpha1.Cluster, error) {
	if err := memberProblem(m); err != nil {
		return nil, err
	}
	c := &clusterv1alpha1.Cluster{
		TypeMeta:   metav1.TypeMeta{APIVersion: clusterv1alpha1.GroupVersion.String(), Kind: clusterv1alpha1.ResourceKindCluster},
		ObjectMeta: metav1.ObjectMeta{Name: m.Name, Labels: managedLabels(m.LabelsWithRole())},
		Spec: clusterv1alpha1.ClusterSpec{
			SyncMode:       clusterv1alpha1.Push,
			APIEndpoint:    m.APIEndpoint,
			SecretRef:      &clusterv1alpha1.LocalSecretReference{Namespace: opts.secretNamespace(), Name: m.Name},
			Provider:       m.Provider,
			Region:         m.Region,
			Zones:          m.AllZones(),
			Taints:         copyTaints(m.Taints),
			ResourceModels: resourceModels(m.Capacity.Models),
		},
	}
	if creds != nil {
		if c.Spec.APIEndpoint == "" {
			c.Spec.APIEndpoint = creds.Server
		}
		c.Spec.InsecureSkipTLSVerification = creds.Insecure
		c.Spec.ProxyURL = creds.ProxyURL
	}
	if err := validateCluster(c); err != nil {
		return nil, err
	}
	return c, nil
}

// SecretFor renders the Secret holding a member's token and CA bundle under the keys Karmada's
// controllers read.
func SecretFor(m fleet.Member, creds Credentials, opts Options) *corev1.Secret {
	data := map[string][]byte{clusterv1alpha1.SecretTokenKey: append([]byte(nil), creds.token...)}
	if len(creds.caData) > 0 {
		data[clusterv1alpha1.SecretCADataKey] = append([]byte(nil), creds.caData...)
	}
	return &corev1.Secret{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Namespace: opts.secretNamespace(), Name: m.Name, Labels: managedLabels(nil)},
		Type:       corev1.SecretTypeOpaque,
		Data:       data,
	}
}

// memberProblem is the first problem fleet.Member.Validate finds, as a *MemberError: a member with
// both zone and zones, or resource models whose node counts do not line up, would otherwise be
// registered with one reading chosen silently.
func memberProblem(m fleet.Member) error {
	var ve *fleet.ValidationError
	if err := m.Validate(""); errors.As(err, &ve) {
		return &MemberError{Member: m.Name, Field: strings.TrimPrefix(ve.Field, "."), Reason: ve.Reason}
	} else if err != nil {
		return fmt.Errorf("karmada: member %q: %w", m.Name, err)
	}
	return nil
}

func validateCluster(c *clusterv1alpha1.Cluster) error {
	var internal clusterapi.Cluster
	if err := clusterv1alpha1.Convert_v1alpha1_Cluster_To_cluster_Cluster(c, &internal, nil); err != nil {
		return &MemberError{Member: c.Name, Field: "spec", Reason: err.Error()}
	}
	if c.Spec.APIEndpoint == "" {
		return &MemberError{Member: c.Name, Field: "apiEndpoint", Reason: "required in push mode (set it, or register with a kubeconfig)"}
	}
	if errs := validation.ValidateCluster(&internal); len(errs) > 0 {
		return &MemberError{Member: c.Name, Field: errs[0].Field, Reason: errs[0].ErrorBody()}
	}
	return nil
}

func managedLabels(from map[string]string) map[string]string {
	out := make(map[string]string, len(from)+1)
	for k, v := range from {
		out[k] = v
	}
	out[ManagedByLabel] = ManagedByValue
	return out
}

func copyTaints(in []corev1.Taint) []corev1.Taint {
	if in == nil {
		return nil
	}
	out := make([]corev1.Taint, len(in))
	for i := range in {
		in[i].DeepCopyInto(&out[i])
	}
	return out
}
