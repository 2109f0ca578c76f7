// Package karmada registers fleet members with a Karmada control plane and reads their status
// back into the fleet snapshot.
//
// A member becomes a push-mode cluster.karmada.io/v1alpha1 Cluster (API endpoint, secret
// reference, taints, provider/region/zone, labels) plus a Secret holding the token and CA bundle
// Karmada's controllers use to reach it — the same layout `karmadactl join` creates. Both are
// written idempotently: registering again updates in place, never duplicates. Objects this
// package did not create are left alone unless Options.Adopt is set.
//
// Credentials come from the member's kubeconfig. They are written to the Secret and nowhere else:
// they never appear in logs, errors or the String form of Credentials.
package karmada
