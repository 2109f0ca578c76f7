// Package dividebench is the harness shared by the two division binaries `make bench-process`
// compares on the same request file: cmd/fleetkit-divide, which divides with fleetkit's
// distribute.Divide, and internal/compat/karmada/cmd/karmada-divide, which divides with Karmada's
// core.AssignReplicas. Both read the file with distribute.DecodeRequest and print the same table, so
// the two processes differ only in what they link and how they divide: the measure of what a
// program embedding fleetkit's divider pays against one embedding Karmada's scheduler code.
package dividebench
