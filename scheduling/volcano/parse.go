package volcano

import (
	"errors"
	"fmt"

	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// ParseJob decodes one Volcano Job manifest (YAML or JSON) strictly: unknown fields, duplicate keys and a
// second document are errors, and so is an unparseable quantity, reported with its field path
// (spec.tasks[0].template.spec.containers[0].resources.limits[nvidia.com/gpu]). Each such problem is a
// *ValidationError; input beyond the decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100
// levels, 500,000 nodes) matches ErrInvalid.
func ParseJob(data []byte) (*batchv1alpha1.Job, error) {
	job := &batchv1alpha1.Job{}
	if err := strictyaml.Unmarshal(data, job); err != nil {
		return nil, decodeError(err)
	}
	gv := batchv1alpha1.SchemeGroupVersion.String()
	if (job.APIVersion != "" && job.APIVersion != gv) || (job.Kind != "" && job.Kind != "Job") {
		return nil, invalid("apiVersion", "want %s Job, got %s %s", gv, job.APIVersion, job.Kind)
	}
	return job, nil
}

// decodeError turns the decoder's problems into ValidationErrors naming their fields; other errors (limits)
// are wrapped to match ErrInvalid.
func decodeError(err error) error {
	fes := strictyaml.FieldErrors(err)
	if len(fes) == 0 {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	errs := make([]error, len(fes))
	for i, fe := range fes {
		field := fe.Path
		if field == "" {
			field = "job"
		}
		errs[i] = &ValidationError{Field: field, Reason: fe.Message()}
	}
	return errors.Join(errs...)
}
