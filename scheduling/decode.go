package scheduling

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// CheckInput is the input of a gang check as a file holds it:
//
//	clusters:                 # ClusterSnapshot: name, nodes, queues
//	- name: training-bj
//	  nodes:                  # Node: name, allocatable, requested, releasing, labels, taints,
//	  - name: gpu-01          # unschedulable, notReady (absent: the node is ready)
//	    allocatable: {nvidia.com/gpu: 8, cpu: "64"}
//	    requested: {nvidia.com/gpu: 2}
//	gang:                     # the job as a Gang: name, groups, minAvailable, queue
//	  groups:
//	  - {name: worker, replicas: 4, podRequests: {nvidia.com/gpu: 4}}
//
// Instead of gang:, job: holds a workload manifest that an adapter turns into a Gang (a Volcano Job for
// scheduling/volcano.ParseJob and FromJob); exactly one of the two is given.
type CheckInput struct {
	// Clusters are the cluster snapshots to check the gang against.
	Clusters []ClusterSnapshot
	// Gang is the job in fleetkit's own form, or nil.
	Gang *Gang
	// Job is the job's manifest as JSON, for an adapter to decode, or nil.
	Job json.RawMessage
}

type fileCheckInput struct {
	Clusters []ClusterSnapshot `json:"clusters"`
	Gang     *Gang             `json:"gang,omitempty"`
	Job      json.RawMessage   `json:"job,omitempty"`
}

// DecodeCheckInput reads a CheckInput from one YAML or JSON document. Unknown fields, values of the wrong
// type, malformed quantities, duplicate keys and a second document are *ValidationErrors naming the field
// ("clusters[0].nodes[1].allocatable[nvidia.com/gpu]"); so is a file with both gang: and job: or neither.
// Input beyond the decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100 levels, 500,000
// nodes) matches ErrInvalid. Check validates the rest.
func DecodeCheckInput(data []byte) (CheckInput, error) {
	var f fileCheckInput
	if err := strictyaml.Unmarshal(data, &f); err != nil {
		return CheckInput{}, decodeError(err)
	}
	hasJob := len(f.Job) > 0 && string(f.Job) != "null"
	switch {
	case f.Gang != nil && hasJob:
		return CheckInput{}, invalid("job", "give the job either as gang: or as job:, not both")
	case f.Gang == nil && !hasJob:
		return CheckInput{}, invalid("job", "required: the job as gang: (a Gang) or job: (a workload manifest such as a Volcano Job)")
	}
	in := CheckInput{Clusters: f.Clusters, Gang: f.Gang}
	if hasJob {
		in.Job = f.Job
	}
	return in, nil
}

// DecodeGang reads a Gang from one YAML or JSON document; problems are reported as by DecodeCheckInput.
func DecodeGang(data []byte) (Gang, error) {
	var g Gang
	if err := strictyaml.Unmarshal(data, &g); err != nil {
		return Gang{}, decodeError(err)
	}
	return g, nil
}

// decodeError turns the decoder's problems into ValidationErrors naming their fields, sorted by field;
// other errors (limits) are wrapped to match ErrInvalid.
func decodeError(err error) error {
	fes := strictyaml.FieldErrors(err)
	if len(fes) == 0 {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	problems := make([]*ValidationError, len(fes))
	for i, fe := range fes {
		field := fe.Path
		if field == "" {
			field = "input"
		}
		problems[i] = &ValidationError{Field: field, Reason: fe.Message() + hint(fe)}
	}
	return joinSorted(problems)
}

// hint points a node's ready: (the field's name before the zero value became the default) at notReady.
func hint(fe *strictyaml.FieldError) string {
	if errors.Is(fe, strictyaml.ErrUnknownField) && strings.HasSuffix(fe.Path, ".ready") && strings.Contains(fe.Path, "nodes[") {
		return ": a node is ready unless it says notReady: true"
	}
	return ""
}
