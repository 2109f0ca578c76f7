package defaults

import (
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Workload defaults of kubernetes v1.35.4 pkg/apis/apps/v1/defaults.go and the create preparation of
// pkg/registry/apps/*/strategy.go (status cleared, generation 1).

const defaultRevisionHistoryLimit = int32(10)

func int32Ptr(v int32) *int32 { return &v }

func createDeployment(d *appsv1.Deployment) error {
	if d.Spec.Replicas == nil {
		d.Spec.Replicas = int32Ptr(1)
	}
	s := &d.Spec.Strategy
	if s.Type == "" {
		s.Type = appsv1.RollingUpdateDeploymentStrategyType
	}
	if s.Type == appsv1.RollingUpdateDeploymentStrategyType {
		if s.RollingUpdate == nil {
			s.RollingUpdate = &appsv1.RollingUpdateDeployment{}
		}
		quarter := intstr.FromString("25%")
		if s.RollingUpdate.MaxUnavailable == nil {
			s.RollingUpdate.MaxUnavailable = &quarter
		}
		if s.RollingUpdate.MaxSurge == nil {
			surge := quarter
			s.RollingUpdate.MaxSurge = &surge
		}
	}
	if d.Spec.RevisionHistoryLimit == nil {
		d.Spec.RevisionHistoryLimit = int32Ptr(defaultRevisionHistoryLimit)
	}
	if d.Spec.ProgressDeadlineSeconds == nil {
		d.Spec.ProgressDeadlineSeconds = int32Ptr(600)
	}
	podTemplate(&d.Spec.Template)
	// The v1 → internal conversion moves the deprecated rollback annotation into spec.rollbackTo and back; an
	// empty value does not survive, and a value that is not an integer fails the request.
	const rollbackTo = appsv1.DeprecatedRollbackTo
	if v, ok := d.Annotations[rollbackTo]; ok {
		if v == "" {
			delete(d.Annotations, rollbackTo)
		} else if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return rejected("metadata.annotations["+rollbackTo+"]", "%q is not an integer", v)
		}
	}
	d.Status = appsv1.DeploymentStatus{}
	d.Generation = 1
	return nil
}

func createStatefulSet(s *appsv1.StatefulSet) {
	if s.Spec.PodManagementPolicy == "" {
		s.Spec.PodManagementPolicy = appsv1.OrderedReadyPodManagement
	}
	u := &s.Spec.UpdateStrategy
	if u.Type == "" {
		u.Type = appsv1.RollingUpdateStatefulSetStrategyType
		if u.RollingUpdate == nil {
			u.RollingUpdate = &appsv1.RollingUpdateStatefulSetStrategy{}
		}
	}
	if u.Type == appsv1.RollingUpdateStatefulSetStrategyType && u.RollingUpdate != nil {
		if u.RollingUpdate.Partition == nil {
			u.RollingUpdate.Partition = int32Ptr(0)
		}
		// MaxUnavailableStatefulSet is beta but off by default in 1.35: the API server drops the field.
		u.RollingUpdate.MaxUnavailable = nil
	}
	if s.Spec.PersistentVolumeClaimRetentionPolicy == nil {
		s.Spec.PersistentVolumeClaimRetentionPolicy = &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{}
	}
	r := s.Spec.PersistentVolumeClaimRetentionPolicy
	if r.WhenDeleted == "" {
		r.WhenDeleted = appsv1.RetainPersistentVolumeClaimRetentionPolicyType
	}
	if r.WhenScaled == "" {
		r.WhenScaled = appsv1.RetainPersistentVolumeClaimRetentionPolicyType
	}
	if s.Spec.Replicas == nil {
		s.Spec.Replicas = int32Ptr(1)
	}
	if s.Spec.RevisionHistoryLimit == nil {
		s.Spec.RevisionHistoryLimit = int32Ptr(defaultRevisionHistoryLimit)
	}
	podTemplate(&s.Spec.Template)
	for i := range s.Spec.VolumeClaimTemplates {
		claimTemplate(&s.Spec.VolumeClaimTemplates[i])
	}
	s.Status = appsv1.StatefulSetStatus{}
	s.Generation = 1
}

// claimTemplate defaults a StatefulSet volume claim template; conversion writes its apiVersion and kind.
func claimTemplate(c *corev1.PersistentVolumeClaim) {
	if c.Status.Phase == "" {
		c.Status.Phase = corev1.ClaimPending
	}
	claimSpec(&c.Spec)
	resourceList(c.Status.Capacity)
	resourceList(c.Status.AllocatedResources)
	c.APIVersion, c.Kind = "v1", "PersistentVolumeClaim"
}

func createDaemonSet(d *appsv1.DaemonSet) error {
	u := &d.Spec.UpdateStrategy
	if u.Type == "" {
		u.Type = appsv1.RollingUpdateDaemonSetStrategyType
	}
	if u.Type == appsv1.RollingUpdateDaemonSetStrategyType {
		if u.RollingUpdate == nil {
			u.RollingUpdate = &appsv1.RollingUpdateDaemonSet{}
		}
		if u.RollingUpdate.MaxUnavailable == nil {
			one := intstr.FromInt32(1)
			u.RollingUpdate.MaxUnavailable = &one
		}
		if u.RollingUpdate.MaxSurge == nil {
			zero := intstr.FromInt32(0)
			u.RollingUpdate.MaxSurge = &zero
		}
	}
	if d.Spec.RevisionHistoryLimit == nil {
		d.Spec.RevisionHistoryLimit = int32Ptr(defaultRevisionHistoryLimit)
	}
	podTemplate(&d.Spec.Template)
	// The internal DaemonSet keeps a template generation, which conversion stores in an annotation; create
	// starts it at 1.
	const key = appsv1.DeprecatedTemplateGeneration
	generation := int64(0)
	if v, ok := d.Annotations[key]; ok {
		g, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return rejected("metadata.annotations["+key+"]", "%q is not an integer", v)
		}
		generation = g
	}
	if d.Annotations == nil {
		d.Annotations = map[string]string{}
	}
	d.Annotations[key] = strconv.FormatInt(max(generation, 1), 10)
	d.Status = appsv1.DaemonSetStatus{}
	d.Generation = 1
	return nil
}

func createReplicaSet(r *appsv1.ReplicaSet) {
	if r.Spec.Replicas == nil {
		r.Spec.Replicas = int32Ptr(1)
	}
	podTemplate(&r.Spec.Template)
	r.Status = appsv1.ReplicaSetStatus{}
	r.Generation = 1
}
