// Package karmada registers fleet members with a Karmada control plane and reads their status
// back into the fleet snapshot.
//
// A member becomes a push-mode cluster.karmada.io/v1alpha1 Cluster (API endpoint, secret
// reference, taints, provider/region/zone, labels) plus a Secret holding the token and CA bundle
// Karmada's controllers use to reach it — the same layout `karmadactl join` creates. Both are
// written idempotently: registering again updates in place, never duplicates. Objects this
// package did not create are left alone unless Options.Adopt is set.
//
// Register says what it did (created, updated, unchanged) and so does Unregister, per object: deleted,
// absent, refused (not fleetkit's) or kept. Absent means the API server answered that the object does
// not exist; a 404 for the whole resource (the Cluster API not served, stale discovery) is an error.
// A deleted Cluster lingers while Karmada's cluster controller cleans up behind its finalizer, and
// Karmada's scheduler skips it: Members leaves it out, Refresh reads it as not registered, and Register
// refuses it with a *DeletingError (ErrBeingDeleted) before writing anything.
//
// The layout mirrors Karmada v1.17.1's RegisterClusterInControllerPlane (pkg/util/credential.go, what
// `karmadactl join` runs): a Secret named after the cluster in the karmada-cluster namespace
// (Options.SecretNamespace), with the token and CA under the keys clusterv1alpha1.SecretTokenKey and
// SecretCADataKey, referenced by spec.secretRef. Every Cluster is checked with Karmada's own validation
// (pkg/apis/cluster/validation.ValidateCluster), which karmada-aggregated-apiserver applies and a
// plain CRD would not, so a bad member is an error naming the field before anything is written.
//
// The fleet model maps onto a Cluster as follows (ClusterFor and StatusFor render it,
// MemberFromCluster reads it back):
//
//	fleet.Member              cluster.karmada.io/v1alpha1 Cluster
//	Name, Labels, Role        metadata.name, metadata.labels (the role as fleet.RoleLabel; registering
//	                          removes only labels it wrote, recorded in LabelsAnnotation)
//	Provider, Region          spec.provider, spec.region
//	Zone or Zones             spec.zones ([Zone], or Zones; one zone reads back as Zone, several as
//	                          Zones; a Cluster with only the deprecated spec.zone reads as its Zone)
//	Taints                    spec.taints (registering removes only taints it wrote, recorded in
//	                          TaintsAnnotation: those of Karmada's controllers, ClusterTaintPolicies
//	                          and operators stay; an unchanged taint keeps its timeAdded)
//	APIEndpoint               spec.apiEndpoint
//	NotReady                  status.conditions[Ready] (False when set); while set, also the
//	                          cluster.karmada.io/not-ready:NoSchedule taint
//	APIs (nil: built-in)      status.apiEnablements, conditions[CompleteAPIEnablements]
//	Capacity                  status.resourceSummary (allocatable, allocated, allocating)
//	Capacity.Models           spec.resourceModels (first grade from 0, last to MaxInt64, as Karmada's
//	                          API server stores them; none: the Cluster keeps what it has, on a
//	                          real Karmada the default CPU and memory grades)
//	Capacity.AllocatableModelings  status.resourceSummary.allocatableModelings (nodes per grade)
//
// Where no Karmada cluster-status controller runs (tests, simulations, a control plane fed by another
// collector), WriteStatus writes the status side and keeps the not-ready taint as Karmada's cluster
// controller would.
//
// Credentials come from the member's kubeconfig. They are written to the Secret and nowhere else:
// they never appear in logs, errors or the String form of Credentials.
package karmada
