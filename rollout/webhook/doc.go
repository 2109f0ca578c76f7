// Package webhook calls rollout webhooks over HTTP, the way Flagger does: a
// JSON POST of the rollout's name, namespace, phase, checksum (the
// revision) and the webhook's metadata. A webhook passes when it answers
// with an HTTP status up to 202 before its timeout (default 10s); a slower,
// hanging, unreachable or failing server fails it. Caller implements
// rollout/runner's HookCaller port.
package webhook
