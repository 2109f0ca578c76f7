package karmada

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// DecodePlacement reads one PropagationPolicy or ClusterPropagationPolicy (policy.karmada.io/v1alpha1,
// YAML or JSON) strictly and returns its placement. Another kind is refused by name ("expected a
// PropagationPolicy or ClusterPropagationPolicy, got apps/v1 Deployment") before its fields are read;
// unknown fields, values of the wrong type, duplicate keys and a second document are *ValidationErrors
// naming the field. Input beyond the decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100
// levels, 500,000 nodes) matches ErrInvalid.
func DecodePlacement(data []byte) (policyv1alpha1.Placement, error) {
	doc, tm, err := parseObject(data)
	if err != nil {
		return policyv1alpha1.Placement{}, err
	}
	gv := policyv1alpha1.GroupVersion.String()
	var spec *policyv1alpha1.PropagationSpec
	var obj any
	switch {
	case tm.APIVersion == gv && tm.Kind == policyv1alpha1.ResourceKindPropagationPolicy:
		pp := &policyv1alpha1.PropagationPolicy{}
		obj, spec = pp, &pp.Spec
	case tm.APIVersion == gv && tm.Kind == policyv1alpha1.ResourceKindClusterPropagationPolicy:
		cpp := &policyv1alpha1.ClusterPropagationPolicy{}
		obj, spec = cpp, &cpp.Spec
	default:
		return policyv1alpha1.Placement{}, invalid("kind", "expected a PropagationPolicy or ClusterPropagationPolicy (%s), got %s",
			gv, describeKind(tm))
	}
	if err := doc.Decode(obj); err != nil {
		return policyv1alpha1.Placement{}, decodeError(err)
	}
	return spec.Placement, nil
}

// DecodeWorkload reads the scheduling inputs of one workload manifest (YAML or JSON) the way Karmada's
// default resource interpreter reads them (pkg/resourceinterpreter/default/native/replica.go, v1.17.1):
// apps/v1 Deployment, StatefulSet and ReplicaSet give spec.replicas (1 when absent, as the API server
// defaults it); batch/v1 Job gives spec.parallelism capped by spec.completions (both defaulted to 1); a
// v1 Pod is one replica. HasReplicaRequirements is Karmada's "replica requirements are set": the pod
// template has a node claim (nodeSelector, required node affinity or tolerations) or a positive resource
// request (container requests, limits standing in for missing requests, the largest init container,
// overhead). metadata.uid becomes the UID. Other kinds are refused by name; decoding problems are
// reported as by DecodePlacement.
func DecodeWorkload(data []byte) (Workload, error) {
	doc, tm, err := parseObject(data)
	if err != nil {
		return Workload{}, err
	}
	read, ok := workloadReaders[tm.APIVersion+"/"+tm.Kind]
	if !ok {
		return Workload{}, invalid("kind", "expected a Deployment, StatefulSet or ReplicaSet (apps/v1), a Job (batch/v1) or a Pod (v1), got %s",
			describeKind(tm))
	}
	return read(doc)
}

// workloadReaders decode each workload kind Karmada's default interpreter knows.
var workloadReaders = map[string]func(*strictyaml.Document) (Workload, error){
	"apps/v1/Deployment": func(doc *strictyaml.Document) (Workload, error) {
		var d appsv1.Deployment
		return templateWorkload(doc, &d, &d.ObjectMeta, &d.Spec.Replicas, &d.Spec.Template)
	},
	"apps/v1/StatefulSet": func(doc *strictyaml.Document) (Workload, error) {
		var s appsv1.StatefulSet
		return templateWorkload(doc, &s, &s.ObjectMeta, &s.Spec.Replicas, &s.Spec.Template)
	},
	"apps/v1/ReplicaSet": func(doc *strictyaml.Document) (Workload, error) {
		var r appsv1.ReplicaSet
		return templateWorkload(doc, &r, &r.ObjectMeta, &r.Spec.Replicas, &r.Spec.Template)
	},
	"batch/v1/Job": decodeJob,
	"v1/Pod": func(doc *strictyaml.Document) (Workload, error) {
		var p corev1.Pod
		if err := doc.Decode(&p); err != nil {
			return Workload{}, decodeError(err)
		}
		return Workload{UID: string(p.UID), Replicas: 1, HasReplicaRequirements: hasRequirements(&p.Spec)}, nil
	},
}

// templateWorkload decodes a workload with spec.replicas and a pod template into obj; replicas and
// template point into obj, so they are read after the decode.
func templateWorkload(doc *strictyaml.Document, obj any, meta *metav1.ObjectMeta, replicas **int32,
	template *corev1.PodTemplateSpec) (Workload, error) {
	if err := doc.Decode(obj); err != nil {
		return Workload{}, decodeError(err)
	}
	w := Workload{UID: string(meta.UID), Replicas: 1, HasReplicaRequirements: hasRequirements(&template.Spec)}
	if *replicas != nil {
		w.Replicas = **replicas
	}
	if w.Replicas < 0 {
		return Workload{}, invalid("spec.replicas", "must be >= 0, got %d", w.Replicas)
	}
	return w, nil
}

func decodeJob(doc *strictyaml.Document) (Workload, error) {
	var j batchv1.Job
	if err := doc.Decode(&j); err != nil {
		return Workload{}, decodeError(err)
	}
	replicas := int32(1)
	if j.Spec.Parallelism != nil {
		replicas = *j.Spec.Parallelism
	}
	if j.Spec.Completions != nil && *j.Spec.Completions < replicas {
		replicas = *j.Spec.Completions
	}
	if replicas < 0 {
		return Workload{}, invalid("spec.parallelism", "must be >= 0, got %d", replicas)
	}
	return Workload{UID: string(j.UID), Replicas: replicas, HasReplicaRequirements: hasRequirements(&j.Spec.Template.Spec)}, nil
}

// hasRequirements mirrors Karmada's GenerateReplicaRequirements returning non-nil.
func hasRequirements(spec *corev1.PodSpec) bool {
	hardAffinity := spec.Affinity != nil && spec.Affinity.NodeAffinity != nil &&
		spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil
	if spec.NodeSelector != nil || hardAffinity || len(spec.Tolerations) > 0 {
		return true
	}
	for _, cs := range [][]corev1.Container{spec.Containers, spec.InitContainers} {
		for _, c := range cs {
			if positive(c.Resources.Requests) || positive(c.Resources.Limits) {
				return true
			}
		}
	}
	return positive(spec.Overhead)
}

// positive reports whether rl requests a positive amount of a resource Karmada counts: cpu, memory,
// ephemeral storage, pods, or a scalar resource (extended, hugepages, attachable volumes).
func positive(rl corev1.ResourceList) bool {
	for name, q := range rl {
		if q.Sign() > 0 && countedResource(name) {
			return true
		}
	}
	return false
}

func countedResource(name corev1.ResourceName) bool {
	switch name {
	case corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage, corev1.ResourcePods:
		return true
	}
	return isScalarResource(string(name))
}

// isScalarResource is Kubernetes' IsScalarResourceName as Karmada lifts it (pkg/util/lifted): an extended
// resource (a qualified, domain-prefixed name outside kubernetes.io/), a kubernetes.io/-prefixed name, a
// hugepages-* size, or an attachable-volumes-* limit.
func isScalarResource(name string) bool {
	switch {
	case strings.HasPrefix(name, corev1.ResourceHugePagesPrefix), strings.HasPrefix(name, corev1.ResourceAttachableVolumesPrefix),
		strings.Contains(name, corev1.ResourceDefaultNamespacePrefix):
		return true
	case !strings.Contains(name, "/"), strings.HasPrefix(name, corev1.DefaultResourceRequestsPrefix):
		return false
	}
	return len(validation.IsQualifiedName(corev1.DefaultResourceRequestsPrefix+name)) == 0
}

// parseObject reads one document and its apiVersion and kind, before its fields are decoded strictly.
func parseObject(data []byte) (*strictyaml.Document, metav1.TypeMeta, error) {
	doc, err := strictyaml.Parse(data)
	if err != nil {
		return nil, metav1.TypeMeta{}, decodeError(err)
	}
	var tm metav1.TypeMeta
	_ = json.Unmarshal(doc.JSON(), &tm) // a mistyped apiVersion or kind is reported as the wrong kind
	return doc, tm, nil
}

func describeKind(tm metav1.TypeMeta) string {
	if tm.APIVersion == "" && tm.Kind == "" {
		return "an object without apiVersion and kind"
	}
	return fmt.Sprintf("%s %s", tm.APIVersion, tm.Kind)
}

// decodeError turns the decoder's problems into ValidationErrors naming their fields; other errors
// (limits) are wrapped to match ErrInvalid.
func decodeError(err error) error {
	fes := strictyaml.FieldErrors(err)
	if len(fes) == 0 {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	errs := make([]error, len(fes))
	for i, fe := range fes {
		field := fe.Path
		if field == "" {
			field = "document"
		}
		errs[i] = &ValidationError{Field: field, Reason: fe.Message()}
	}
	return errors.Join(errs...)
}
