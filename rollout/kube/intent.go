package kube

import (
	"context"
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
)

// Intent is the operator intent annotation as read: the intents it asks for, the words that are
// none (to be reported, not ignored) and the value read, which Consume compares before clearing.
type Intent struct {
	rollout.Intents
	// Unknown lists the words that name no intent, in the order written.
	Unknown []string
	// Raw is the annotation's value as read; empty when it was absent.
	Raw string
}

// intentWords maps each word of AnnotationIntent to the intent it sets.
var intentWords = map[string]func(*rollout.Intents){
	"promote": func(in *rollout.Intents) { in.Promote = true },
	"abort":   func(in *rollout.Intents) { in.Abort = true },
	"retry":   func(in *rollout.Intents) { in.Retry = true },
	"skip":    func(in *rollout.Intents) { in.Skip = true },
	"suspend": func(in *rollout.Intents) { in.Suspend = true },
}

// ParseIntent reads a comma-separated list of promote, abort, retry, skip and suspend. Words are
// trimmed and compared case-insensitively; empty words are ignored and any other word is listed
// in Unknown.
func ParseIntent(raw string) Intent {
	in := Intent{Raw: raw}
	for _, word := range strings.Split(raw, ",") {
		w := strings.ToLower(strings.TrimSpace(word))
		if w == "" {
			continue
		}
		if set, ok := intentWords[w]; ok {
			set(&in.Intents)
			continue
		}
		in.Unknown = append(in.Unknown, strings.TrimSpace(word))
	}
	return in
}

// Intents reads and consumes the operator intent annotation of a target.
type Intents struct {
	c      client.Client
	r      client.Reader
	target types.NamespacedName
}

// NewIntents returns the intent annotation of opts.Target. Missing options are a *ValidationError.
func NewIntents(c client.Client, opts Options) (*Intents, error) {
	if err := opts.validate(c); err != nil {
		return nil, err
	}
	return &Intents{c: c, r: opts.reader(c), target: opts.Target}, nil
}

// Read returns the intent annotation through Options.Reader.
func (i *Intents) Read(ctx context.Context) (Intent, error) {
	d := &appsv1.Deployment{}
	if err := i.r.Get(ctx, i.target, d); err != nil {
		return Intent{}, fmt.Errorf("kube: read intent of %s: %w", i.target, err)
	}
	return ParseIntent(d.Annotations[AnnotationIntent]), nil
}

// Consume clears the annotation after the tick that honoured read, compare-and-clear: only if it
// still holds read.Raw, checked and cleared atomically with the resourceVersion as precondition.
// An intent written since the read (an abort written during a skip tick) is kept for the next tick
// and Consume reports false. A read of nothing consumes nothing.
func (i *Intents) Consume(ctx context.Context, read Intent) (bool, error) {
	if read.Raw == "" {
		return false, nil
	}
	for range maxWriteAttempts {
		cleared, err := i.clear(ctx, read.Raw)
		if !apierrors.IsConflict(err) {
			return cleared, err
		}
	}
	return false, &ConflictError{Object: i.target, Annotation: AnnotationIntent,
		Reason: fmt.Sprintf("the object kept changing during %d attempts", maxWriteAttempts)}
}

func (i *Intents) clear(ctx context.Context, raw string) (bool, error) {
	d := &appsv1.Deployment{}
	if err := i.r.Get(ctx, i.target, d); err != nil {
		return false, fmt.Errorf("kube: consume intent of %s: %w", i.target, err)
	}
	if d.Annotations[AnnotationIntent] != raw {
		return false, nil
	}
	patch := client.MergeFromWithOptions(d.DeepCopy(), client.MergeFromWithOptimisticLock{})
	delete(d.Annotations, AnnotationIntent)
	if err := i.c.Patch(ctx, d, patch); err != nil {
		if apierrors.IsConflict(err) {
			return false, err
		}
		return false, fmt.Errorf("kube: consume intent of %s: %w", i.target, err)
	}
	return true, nil
}
