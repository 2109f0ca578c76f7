package main

import (
	"context"
	"encoding/json"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout/runner"
)

// annotationStore is runner.StatusStore in an annotation of the target Deployment. Only the
// controller writes it and the manager runs one reconcile per object at a time (with leader election
// across replicas), so a merge patch of the one annotation cannot overwrite a newer record.
type annotationStore struct {
	c      client.Client
	target types.NamespacedName
}

var _ runner.StatusStore = (*annotationStore)(nil)

func (s *annotationStore) Load(ctx context.Context) (runner.Record, bool, error) {
	d := &appsv1.Deployment{}
	if err := s.c.Get(ctx, s.target, d); err != nil {
		return runner.Record{}, false, err
	}
	raw, ok := d.Annotations[AnnotationRecord]
	if !ok {
		return runner.Record{}, false, nil
	}
	var rec runner.Record
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return runner.Record{}, false, fmt.Errorf("annotation %s: %w", AnnotationRecord, err)
	}
	return rec, true, nil
}

func (s *annotationStore) Save(ctx context.Context, rec runner.Record) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	d := &appsv1.Deployment{}
	if err := s.c.Get(ctx, s.target, d); err != nil {
		return err
	}
	patch := client.MergeFrom(d.DeepCopy())
	if d.Annotations == nil {
		d.Annotations = map[string]string{}
	}
	d.Annotations[AnnotationRecord] = string(data)
	return s.c.Patch(ctx, d, patch)
}
