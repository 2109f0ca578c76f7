package stack_test

import (
	"errors"
	"testing"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/observe/stack"
)

// FuzzNew: whatever the names, regions and labels, New never panics, every error is a
// ValidationError, and a plan it returns gives every replica a distinct label set and address.
func FuzzNew(f *testing.F) {
	f.Add("seed", "a", "cn-north", "b", "cn-north", "env", "prod", 2, "p-{replica}.{cluster}:1")
	f.Add("seed", "a", "x", "a", "x", "prometheus", "v", 1, "{cluster}:10901")
	f.Add("", "a", "", "b", "r", "__x", "", 3, "dns+{cluster}:1")
	f.Fuzz(func(t *testing.T, name, m1, r1, m2, r2, label, value string, replicas int, addr string) {
		fl := fleet.Fleet{Name: name, Members: []fleet.Member{{Name: m1, Region: r1}, {Name: m2, Region: r2}}}
		plan, err := stack.New(fl, stack.Options{Replicas: replicas, ExtraLabels: map[string]string{label: value},
			SidecarAddress: addr, Storage: stack.Storage{Type: stack.Filesystem, Directory: "/b"}})
		if err != nil {
			var ve *stack.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, stack.ErrInvalid) {
				t.Fatalf("error %v is not a ValidationError", err)
			}
			return
		}
		labels, addrs := map[string]bool{}, map[string]bool{}
		for _, m := range plan.Members {
			for _, r := range m.Replicas {
				if labels[r.ExternalLabels.String()] || addrs[r.SidecarAddress] {
					t.Fatalf("replica %d of %s shares labels %s or address %s", r.Index, m.Cluster, r.ExternalLabels, r.SidecarAddress)
				}
				labels[r.ExternalLabels.String()], addrs[r.SidecarAddress] = true, true
			}
		}
	})
}
