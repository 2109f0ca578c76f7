package eval

import (
	"context"
	"sync"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// recordingValidator passes evaluation through to the API server's validator and keeps every decision in the
// request's recording, so the verdict comes from the real dispatcher while violations can still be listed
// per validation, including the Audit and Warn ones the dispatcher does not return.
type recordingValidator struct {
	inner   validating.Validator
	policy  *admissionregistrationv1.ValidatingAdmissionPolicy
	binding *admissionregistrationv1.ValidatingAdmissionPolicyBinding
}

// Validate implements validating.Validator.
func (r recordingValidator) Validate(ctx context.Context, matched schema.GroupVersionResource, attr *admission.VersionedAttributes, params runtime.Object, ns *corev1.Namespace, budget int64, authz authorizer.Authorizer) validating.ValidateResult {
	res := r.inner.Validate(ctx, matched, attr, params, ns, budget, authz)
	if rec, ok := ctx.Value(recordingKey{}).(*recording); ok {
		rec.add(evaluation{policy: r.policy, binding: r.binding, result: res})
	}
	return res
}

type recordingKey struct{}

type evaluation struct {
	policy  *admissionregistrationv1.ValidatingAdmissionPolicy
	binding *admissionregistrationv1.ValidatingAdmissionPolicyBinding
	result  validating.ValidateResult
}

// recording collects what one request saw: evaluations and warnings. The dispatcher runs hooks sequentially,
// the mutex only guards against a future parallel dispatcher.
type recording struct {
	mu          sync.Mutex
	evaluations []evaluation
	warnings    []string
}

func (r *recording) add(e evaluation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evaluations = append(r.evaluations, e)
}

// AddWarning implements warning.Recorder.
func (r *recording) AddWarning(_, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.warnings = append(r.warnings, text)
}
