package volcano_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"
	schedulingv1beta1 "volcano.sh/apis/pkg/apis/scheduling/v1beta1"

	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

var workers = &metav1.LabelSelector{MatchLabels: map[string]string{"volcano.sh/task-spec": "worker"}}

func podTerm() corev1.PodAffinityTerm {
	return corev1.PodAffinityTerm{LabelSelector: workers, TopologyKey: corev1.LabelHostname}
}

// gpuWorkers is a Job of two 4-GPU workers with spec applied to the task template: one 8-GPU node fits
// both by resources alone.
func gpuWorkers(spec func(*corev1.PodSpec)) *batchv1alpha1.Job {
	job := &batchv1alpha1.Job{ObjectMeta: metav1.ObjectMeta{Name: "train"}, Spec: batchv1alpha1.JobSpec{
		Tasks: []batchv1alpha1.TaskSpec{task("worker", 2, nil, rl("nvidia.com/gpu", "4"))}}}
	spec(&job.Spec.Tasks[0].Template.Spec)
	return job
}

// TestFromJobRefusesPodRelativePlacement: required pod (anti-)affinity and DoNotSchedule topology spread
// decide where a pod may go from where other pods are, which the engine does not model. Dropping them
// made `gang check` report two anti-affine workers Feasible on one 8-GPU node, a placement kube-scheduler
// and Volcano's predicates never make; they are refused naming the field.
func TestFromJobRefusesPodRelativePlacement(t *testing.T) {
	const at = "spec.tasks[0].template.spec."
	tests := []struct {
		name  string
		spec  func(*corev1.PodSpec)
		field string
	}{
		{"required pod anti-affinity", func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
				RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{podTerm()}}}
		}, at + "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"},
		{"required pod affinity", func(s *corev1.PodSpec) {
			s.Affinity = &corev1.Affinity{PodAffinity: &corev1.PodAffinity{
				RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{podTerm()}}}
		}, at + "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution"},
		{"hard topology spread", func(s *corev1.PodSpec) {
			s.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{
				{MaxSkew: 1, TopologyKey: corev1.LabelTopologyZone, WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: workers},
				{MaxSkew: 1, TopologyKey: corev1.LabelHostname, WhenUnsatisfiable: corev1.DoNotSchedule, LabelSelector: workers},
			}
		}, at + "topologySpreadConstraints[1].whenUnsatisfiable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := volcano.FromJob(gpuWorkers(tt.spec))
			require.ErrorIs(t, err, volcano.ErrInvalid)
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
}

// TestFromJobKeepsPreferences: preferred pod (anti-)affinity and ScheduleAnyway spread only score nodes.
func TestFromJobKeepsPreferences(t *testing.T) {
	_, err := volcano.FromJob(gpuWorkers(func(s *corev1.PodSpec) {
		weighted := []corev1.WeightedPodAffinityTerm{{Weight: 1, PodAffinityTerm: podTerm()}}
		s.Affinity = &corev1.Affinity{
			PodAffinity:     &corev1.PodAffinity{PreferredDuringSchedulingIgnoredDuringExecution: weighted},
			PodAntiAffinity: &corev1.PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: weighted},
		}
		s.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{
			{MaxSkew: 1, TopologyKey: corev1.LabelHostname, WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: workers}}
	}))
	assert.NoError(t, err)
}

func TestFromPodGroupRefusesPodRelativePlacement(t *testing.T) {
	pg := &schedulingv1beta1.PodGroup{ObjectMeta: metav1.ObjectMeta{Name: "pg"}, Spec: schedulingv1beta1.PodGroupSpec{MinMember: 1}}
	pod := corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c"}},
		Affinity: &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{podTerm()}}}}}
	_, err := volcano.FromPodGroup(pg, []corev1.Pod{pod})
	var ve *volcano.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "pods[0].spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution", ve.Field)
}

// TestFromJobRefusesHostPorts: kube-scheduler's NodePorts filter, which Volcano's predicates run, puts at
// most one pod using a host port on a node, so two workers with hostPort 2222 never share the 8-GPU node.
// A host-network pod's container ports become host ports when the pod is created. Sidecar init
// containers (restartPolicy Always) hold their ports for the pod's life; other init containers do not.
func TestFromJobRefusesHostPorts(t *testing.T) {
	const at = "spec.tasks[0].template.spec."
	always := corev1.ContainerRestartPolicyAlways
	port := []corev1.ContainerPort{{ContainerPort: 2222}}
	tests := []struct {
		name  string
		spec  func(*corev1.PodSpec)
		field string // empty: accepted
	}{
		{"host port", func(s *corev1.PodSpec) {
			s.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 8080}, {ContainerPort: 2222, HostPort: 2222}}
		}, at + "containers[0].ports[1].hostPort"},
		{"host network", func(s *corev1.PodSpec) {
			s.HostNetwork = true
			s.Containers[0].Ports = port
		}, at + "containers[0].ports[0].containerPort"},
		{"sidecar host port", func(s *corev1.PodSpec) {
			s.InitContainers = []corev1.Container{{Name: "proxy", RestartPolicy: &always,
				Ports: []corev1.ContainerPort{{ContainerPort: 15001, HostPort: 15001}}}}
		}, at + "initContainers[0].ports[0].hostPort"},
		{"container port only", func(s *corev1.PodSpec) { s.Containers[0].Ports = port }, ""},
		{"host network without ports", func(s *corev1.PodSpec) { s.HostNetwork = true }, ""},
		{"plain init container", func(s *corev1.PodSpec) {
			s.InitContainers = []corev1.Container{{Name: "fetch", Ports: []corev1.ContainerPort{{ContainerPort: 80, HostPort: 80}}}}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := volcano.FromJob(gpuWorkers(tt.spec))
			if tt.field == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, volcano.ErrInvalid)
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, "host port")
		})
	}
}
