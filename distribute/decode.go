package distribute

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// ErrDecode is matched (errors.Is) by errors of DecodeRequest about input that is not a request file:
// malformed YAML or JSON, unknown fields, wrong types, duplicate keys, more than one document, or input
// beyond the decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100 levels, 500,000 nodes).
var ErrDecode = errors.New("distribute: decode")

// requestFile is the file format of a Request: the previous result and the options are written on
// the clusters and at the top, as a person describes a division.
type requestFile struct {
	Strategy               Strategy      `json:"strategy"`
	Replicas               int32         `json:"replicas"`
	UID                    string        `json:"uid,omitempty"`
	Fresh                  bool          `json:"fresh,omitempty"`
	HasReplicaRequirements bool          `json:"hasReplicaRequirements,omitempty"`
	MultiComponent         bool          `json:"multiComponent,omitempty"`
	CapStaticWeights       bool          `json:"capStaticWeights,omitempty"`
	Clusters               []clusterFile `json:"clusters"`
}

// clusterFile is one candidate of requestFile, with its previous replicas.
type clusterFile struct {
	Name              string `json:"name"`
	Weight            int64  `json:"weight,omitempty"`
	AvailableReplicas *int32 `json:"availableReplicas,omitempty"`
	PreviousReplicas  *int32 `json:"previousReplicas,omitempty"`
	MinReplicas       int32  `json:"minReplicas,omitempty"`
	MaxReplicas       *int32 `json:"maxReplicas,omitempty"`
}

// DecodeRequest reads a division request from one YAML or JSON document and validates it:
//
//	strategy: DynamicWeight        # Duplicated, StaticWeight, DynamicWeight or Aggregated
//	replicas: 20
//	uid: 6a3e1c2b-...              # optional: the workload UID, for the tie-break
//	fresh: false                   # optional: divide afresh, ignoring the previous result
//	hasReplicaRequirements: false  # optional: the workload declares per-replica requests
//	multiComponent: false          # optional: a multi-component workload is not divided
//	capStaticWeights: false        # optional: Options.CapStaticWeights
//	clusters:                      # the candidates, in candidate order
//	- name: a
//	  weight: 2                    # StaticWeight
//	  availableReplicas: 10        # omitted: unknown
//	  previousReplicas: 3          # the previous result on this cluster
//	  minReplicas: 1               # optional bounds (Candidate.MinReplicas, MaxReplicas)
//	  maxReplicas: 12
//
// Every problem is a *ValidationError naming the field as written in the file ("clusters[1].weight"):
// decoding problems (unknown fields, wrong types, duplicate keys, a second document) also match ErrDecode;
// the request's own problems are those Divide reports.
func DecodeRequest(data []byte) (Request, error) {
	var f requestFile
	if err := strictyaml.Unmarshal(data, &f); err != nil {
		return Request{}, decodeError(err)
	}
	req, previousOf := f.request()
	if _, err := validate(&req); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.Field = fileField(ve.Field, previousOf)
		}
		return Request{}, err
	}
	return req, nil
}

// request converts the file into a Request; previousOf[j] is the cluster index of Previous[j].
func (f requestFile) request() (Request, []int) {
	req := Request{Strategy: f.Strategy, Replicas: f.Replicas, UID: f.UID, Fresh: f.Fresh,
		HasReplicaRequirements: f.HasReplicaRequirements, MultiComponent: f.MultiComponent,
		Options: Options{CapStaticWeights: f.CapStaticWeights}, Candidates: make([]Candidate, len(f.Clusters))}
	var previousOf []int
	for i, c := range f.Clusters {
		req.Candidates[i] = Candidate{Name: c.Name, Weight: c.Weight, Available: c.AvailableReplicas,
			MinReplicas: c.MinReplicas, MaxReplicas: c.MaxReplicas}
		if c.PreviousReplicas != nil {
			req.Previous = append(req.Previous, Assignment{Cluster: c.Name, Replicas: *c.PreviousReplicas})
			previousOf = append(previousOf, i)
		}
	}
	return req, previousOf
}

// decodeError turns the decoder's problems into ValidationErrors that also match ErrDecode; other errors
// (limits) are wrapped.
func decodeError(err error) error {
	fes := strictyaml.FieldErrors(err)
	if len(fes) == 0 {
		return fmt.Errorf("%w: %w", ErrDecode, err)
	}
	errs := make([]error, len(fes))
	for i, fe := range fes {
		field := fe.Path
		if field == "" {
			field = "request"
		}
		errs[i] = &ValidationError{Field: field, Reason: fe.Message(), err: ErrDecode}
	}
	return errors.Join(errs...)
}

// fileField renames a Request field path ("candidates[2].available", "previous[0].replicas") to the
// file's ("clusters[2].availableReplicas", "clusters[k].previousReplicas").
func fileField(field string, previousOf []int) string {
	list, rest, _ := strings.Cut(field, "[")
	index, sub, _ := strings.Cut(rest, "].")
	i, err := strconv.Atoi(index)
	switch {
	case field == "candidates":
		return "clusters"
	case field == "options.capStaticWeights":
		return "capStaticWeights"
	case err != nil:
		return field
	case list == "candidates" && sub == "available":
		return fmt.Sprintf("clusters[%d].availableReplicas", i)
	case list == "candidates":
		return fmt.Sprintf("clusters[%d].%s", i, sub)
	case list == "previous" && i < len(previousOf) && sub == "cluster":
		return fmt.Sprintf("clusters[%d].name", previousOf[i])
	case list == "previous" && i < len(previousOf):
		return fmt.Sprintf("clusters[%d].previousReplicas", previousOf[i])
	}
	return field
}
