package kube

import (
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Options name the target and where to read it from. Workload, Store and Intents of one target
// take the same Options.
type Options struct {
	// Target is the Deployment users edit: it serves as the canary. Required.
	Target types.NamespacedName
	// Reader reads what decisions depend on being current: the record, the intent, the templates
	// and the primary. Controllers pass their manager's API reader (mgr.GetAPIReader()), because a
	// stale informer cache makes a ticked record look due again and hides a newer one. Nil means
	// the client, which is right for a client without a cache.
	Reader client.Reader
}

func (o Options) validate(c client.Client) error {
	switch {
	case c == nil:
		return &ValidationError{Field: "client", Reason: "is required"}
	case o.Target.Name == "":
		return &ValidationError{Field: "target.name", Reason: "is required"}
	case o.Target.Namespace == "":
		return &ValidationError{Field: "target.namespace", Reason: "is required"}
	}
	return nil
}

func (o Options) reader(c client.Client) client.Reader {
	if o.Reader != nil {
		return o.Reader
	}
	return c
}
