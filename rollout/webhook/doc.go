// Package webhook calls rollout webhooks over HTTP, the way Flagger does: a
// JSON POST of the rollout's name, namespace, phase, checksum (the
// revision) and the webhook's metadata. A webhook passes when it answers
// with an HTTP status up to 202 before its timeout (default 10s); a slower,
// hanging, unreachable or failing server fails it. Caller implements
// rollout/runner's HookCaller port.
//
// A webhook URL is often the credential itself (Slack and Discord incoming webhooks carry a token in the
// path, others a ?token= or ?sig=, some user information), and errors end up in Kubernetes events and
// logs. So a URL is only ever shown through RedactURL (scheme, host, plain-word path segments and query
// keys), and the text of a transport error or of the server's answer has the URL and each of its secret
// parts replaced before it reaches a *CallError.
package webhook
