package webhook

import (
	"maps"

	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Payload is the JSON body of a call, field for field Flagger's
// CanaryWebhookPayload, so existing Flagger load testers and gates work
// unchanged.
type Payload struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	Phase     string `json:"phase"`
	// Checksum identifies the revision under analysis.
	Checksum string            `json:"checksum,omitempty"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

// PayloadOf builds the payload of req, copying the webhook's metadata.
func PayloadOf(req runner.HookRequest) Payload {
	return Payload{
		Name:      req.Name,
		Namespace: req.Namespace,
		Phase:     req.Phase.String(),
		Checksum:  req.Revision,
		Metadata:  maps.Clone(req.Webhook.Metadata),
	}
}
