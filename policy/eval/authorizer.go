package eval

import (
	"context"

	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// offlineAuthorizer answers every authorizer check in CEL with no opinion: offline there is no RBAC to ask.
// An expression that requires an allow therefore fails offline, the conservative answer.
type offlineAuthorizer struct{}

// Authorize implements authorizer.Authorizer.
func (offlineAuthorizer) Authorize(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
	return authorizer.DecisionNoOpinion, "offline evaluation has no authorizer", nil
}
