package cluster_test

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/cluster"
)

func ExamplePlanUpgrade() {
	plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.32.0", cluster.UpgradeOptions{Releases: cluster.SampleReleases()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, step := range plan.Steps {
		for _, a := range step.Actions {
			fmt.Printf("step %d: %-13s %s → %s\n", step.Number, a.Target, a.From, a.To)
		}
	}
	// Output:
	// step 1: control-plane v1.29.3 → v1.30.14
	// step 2: general       v1.29.3 → v1.30.14
	// step 3: control-plane v1.30.14 → v1.31.12
	// step 4: general       v1.30.14 → v1.31.12
	// step 5: control-plane v1.31.12 → v1.32.0
	// step 6: general       v1.31.12 → v1.32.0
}

func ExamplePlanScale() {
	current := cluster.Sample()
	desired, _ := current.ScalePool("general", 8)
	plan, err := cluster.PlanScale(current, desired)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range plan.Changed() {
		fmt.Printf("%s: %s %d → %d, surge %d, unavailable %d\n", c.Pool, c.Kind, c.From, c.To, c.Bounds.MaxSurge, c.Bounds.MaxUnavailable)
	}
	// Output:
	// general: scale-up 5 → 8, surge 1, unavailable 0
}

func ExampleValidate() {
	s := cluster.Sample()
	s.ControlPlane.Replicas = 4
	err := cluster.Validate(s)
	var ve *cluster.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field, errors.Is(err, cluster.ErrEvenControlPlane))
	// Output:
	// true controlPlane.replicas true
}

func ExampleCheckChange() {
	current := cluster.Sample()
	desired := current.DeepCopy()
	desired.Version = "v1.31.0"
	desired.Workers[0].Version = current.Version
	fmt.Println(cluster.CheckChange(current, desired))
	// Output:
	// cluster: invalid version: v1.29.3 → v1.31.0 skips 1 minor version(s); plan the upgrade with PlanUpgrade
}

func ExamplePreflight() {
	report := cluster.Preflight(cluster.SampleNodeFacts()[1])
	for _, r := range report.Failures() {
		fmt.Printf("%s: %s\n", r.Name, r.Detail)
	}
	// Output:
	// swap: swap is on: /dev/sda3
	// kernel-modules: not loaded: br_netfilter
	// sysctls: net.ipv4.ip_forward = 0; net.bridge.bridge-nf-call-iptables absent (br_netfilter not loaded?); net.bridge.bridge-nf-call-ip6tables absent (br_netfilter not loaded?)
	// cgroup-driver: kubelet systemd (kubelet config), containerd cgroupfs (containerd SystemdCgroup = false)
}

func ExampleDetectCRISockets() {
	for _, e := range cluster.DetectCRISockets([]string{"/var/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock"}) {
		fmt.Println(e.Runtime, e.URL())
	}
	// Output:
	// containerd unix:///run/containerd/containerd.sock
	// k3s-containerd unix:///run/k3s/containerd/containerd.sock
}
