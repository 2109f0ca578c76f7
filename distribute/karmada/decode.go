package karmada

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// DecodePlacement reads one PropagationPolicy or ClusterPropagationPolicy (policy.karmada.io/v1alpha1,
// YAML or JSON) strictly and returns its placement. Another kind is refused by name ("expected a
// PropagationPolicy or ClusterPropagationPolicy, got apps/v1 Deployment") before its fields are read;
// unknown fields, values of the wrong type, duplicate keys and a second document are *ValidationErrors
// naming the field. A policy naming another scheduler than karmada-scheduler's default-scheduler in
// spec.schedulerName is refused too: karmada-scheduler ignores it (pkg/scheduler/event_handler.go,
// v1.17.1), so its placement says nothing about where Karmada puts the resources. A v1 List holding
// exactly one object (kubectl's output) is read as that object. Input beyond the decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100
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
	if name := spec.SchedulerName; name != "" && name != defaultScheduler {
		return policyv1alpha1.Placement{}, invalid("spec.schedulerName", "%q: karmada-scheduler (%s) does not schedule this policy's "+
			"resources, and fleetkit places them only as it would", name, defaultScheduler)
	}
	return spec.Placement, nil
}

// defaultScheduler is karmada-scheduler's name, which a policy without spec.schedulerName names too
// (pkg/scheduler/scheduler.go DefaultScheduler, v1.17.1).
const defaultScheduler = "default-scheduler"

// DecodeWorkload reads the scheduling inputs of one workload manifest (YAML or JSON) the way Karmada's
// default resource interpreter reads them; see WorkloadFor. Other kinds are refused by name; decoding
// problems are reported as by DecodePlacement.
func DecodeWorkload(data []byte) (Workload, error) {
	doc, tm, err := parseObject(data)
	if err != nil {
		return Workload{}, err
	}
	newObj, ok := workloadKinds[tm.APIVersion+"/"+tm.Kind]
	if !ok {
		return Workload{}, invalid("kind", "expected a Deployment, StatefulSet or ReplicaSet (apps/v1), a Job (batch/v1) or a Pod (v1), got %s",
			describeKind(tm))
	}
	obj := newObj()
	if err := doc.Decode(obj); err != nil {
		return Workload{}, decodeError(err)
	}
	return WorkloadFor(obj)
}

// workloadKinds make an empty object of each kind Karmada's default interpreter knows.
var workloadKinds = map[string]func() runtime.Object{
	"apps/v1/Deployment":  func() runtime.Object { return &appsv1.Deployment{} },
	"apps/v1/StatefulSet": func() runtime.Object { return &appsv1.StatefulSet{} },
	"apps/v1/ReplicaSet":  func() runtime.Object { return &appsv1.ReplicaSet{} },
	"batch/v1/Job":        func() runtime.Object { return &batchv1.Job{} },
	"v1/Pod":              func() runtime.Object { return &corev1.Pod{} },
}

// WorkloadFor reads the scheduling inputs of a typed workload the way Karmada's default resource
// interpreter does (pkg/resourceinterpreter/default/native/replica.go, v1.17.1), as the resource detector
// writes them into a ResourceBinding: apps/v1 Deployment, StatefulSet and ReplicaSet give spec.replicas
// (1 when absent, as the API server defaults it); batch/v1 Job gives spec.parallelism capped by
// spec.completions (both defaulted to 1); a v1 Pod is one replica. Requests is PodRequests of the pod
// template; HasReplicaRequirements is Karmada's "replica requirements are set": a request, or a node claim
// (nodeSelector, required node affinity or tolerations). APIVersion and Kind are the object's kind (its
// TypeMeta need not be set); metadata.uid becomes the UID. Negative replicas and other kinds are
// *ValidationErrors.
func WorkloadFor(obj runtime.Object) (Workload, error) {
	if obj == nil || reflect.ValueOf(obj).IsNil() {
		return Workload{}, invalid("workload", "no object (nil %T)", obj)
	}
	switch o := obj.(type) {
	case *appsv1.Deployment:
		return templateWorkload("apps/v1", "Deployment", &o.ObjectMeta, o.Spec.Replicas, &o.Spec.Template.Spec)
	case *appsv1.StatefulSet:
		return templateWorkload("apps/v1", "StatefulSet", &o.ObjectMeta, o.Spec.Replicas, &o.Spec.Template.Spec)
	case *appsv1.ReplicaSet:
		return templateWorkload("apps/v1", "ReplicaSet", &o.ObjectMeta, o.Spec.Replicas, &o.Spec.Template.Spec)
	case *batchv1.Job:
		return jobWorkload(o)
	case *corev1.Pod:
		return newWorkload("v1", "Pod", &o.ObjectMeta, 1, &o.Spec), nil
	}
	return Workload{}, invalid("kind", "expected a Deployment, StatefulSet, ReplicaSet, Job or Pod, got %T", obj)
}

// templateWorkload reads a workload with spec.replicas and a pod template.
func templateWorkload(apiVersion, kind string, meta *metav1.ObjectMeta, replicas *int32, spec *corev1.PodSpec) (Workload, error) {
	n := int32(1)
	if replicas != nil {
		n = *replicas
	}
	if n < 0 {
		return Workload{}, invalid("spec.replicas", "must be >= 0, got %d", n)
	}
	return newWorkload(apiVersion, kind, meta, n, spec), nil
}

func jobWorkload(j *batchv1.Job) (Workload, error) {
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
	return newWorkload("batch/v1", "Job", &j.ObjectMeta, replicas, &j.Spec.Template.Spec), nil
}

func newWorkload(apiVersion, kind string, meta *metav1.ObjectMeta, replicas int32, spec *corev1.PodSpec) Workload {
	requests := PodRequests(spec)
	return Workload{APIVersion: apiVersion, Kind: kind, UID: string(meta.UID), Replicas: replicas,
		Requests: requests, HasReplicaRequirements: requests != nil || hasNodeClaim(spec)}
}

// parseObject reads one document and its apiVersion and kind, before its fields are decoded strictly. A
// v1 List holding exactly one object (kubectl get -o yaml writes one even for a single match) stands for
// that object.
func parseObject(data []byte) (*strictyaml.Document, metav1.TypeMeta, error) {
	doc, err := strictyaml.Parse(data)
	if err != nil {
		return nil, metav1.TypeMeta{}, decodeError(err)
	}
	tm := typeMetaOf(doc)
	if tm.APIVersion == "v1" && tm.Kind == "List" {
		items, err := strictyaml.ParseAll(data)
		if err != nil {
			return nil, metav1.TypeMeta{}, decodeError(err)
		}
		if len(items) != 1 {
			return nil, metav1.TypeMeta{}, invalid("items", "a v1 List of %d objects where one object is expected", len(items))
		}
		doc, tm = items[0], typeMetaOf(items[0])
	}
	return doc, tm, nil
}

func typeMetaOf(doc *strictyaml.Document) metav1.TypeMeta {
	var tm metav1.TypeMeta
	_ = json.Unmarshal(doc.JSON(), &tm) // a mistyped apiVersion or kind is reported as the wrong kind
	return tm
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
