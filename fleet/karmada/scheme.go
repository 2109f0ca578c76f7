package karmada

import (
	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// AddToScheme registers the types a Registrar's client needs: core/v1 (Secrets) and
// cluster.karmada.io/v1alpha1 (Clusters).
func AddToScheme(s *runtime.Scheme) error {
	if err := corev1.AddToScheme(s); err != nil {
		return err
	}
	return clusterv1alpha1.Install(s)
}
