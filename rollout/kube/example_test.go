package kube_test

import (
	"context"
	"errors"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Setting a target up: Prepare creates the primary, controlled by the target, scales the canary
// to zero and writes the first record. A controller passes its manager's client and API reader
// and a traffic/istio Router; here a fake client and an in-memory router stand in.
func ExamplePrepare() {
	ctx := context.Background()
	c := fake.NewClientBuilder().WithObjects(&appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "podinfo", Namespace: "test", UID: "2f6c"},
		Spec: appsv1.DeploymentSpec{Replicas: ptr.To(int32(3)), Template: corev1.PodTemplateSpec{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "podinfo:6.9"}}}}},
	}).Build()
	opts := kube.Options{Target: types.NamespacedName{Namespace: "test", Name: "podinfo"}}
	w, err := kube.NewWorkload(c, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	store, err := kube.NewStore(c, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, found, err := store.Load(ctx); err != nil || found {
		fmt.Println("already set up", err)
		return
	}
	p, err := kube.Prepare(ctx, w, rollouttest.NewRouter(), store)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Message())

	primary := &appsv1.Deployment{}
	_ = c.Get(ctx, types.NamespacedName{Namespace: "test", Name: kube.PrimaryName("podinfo")}, primary)
	ref := metav1.GetControllerOf(primary)
	fmt.Printf("%s: controlled by %s %s, %d replicas, image %s\n", primary.Name, ref.Kind, ref.Name,
		*primary.Spec.Replicas, primary.Spec.Template.Spec.Containers[0].Image)
	rec, _, _ := store.Load(ctx)
	fmt.Println("record:", rec.Status.Phase, rec.Status.Routes)
	// Output:
	// created the primary; scaled the canary from 3 replicas to zero; the primary runs revision bff7643b4c05bcd4
	// podinfo-primary: controlled by Deployment podinfo, 3 replicas, image podinfo:6.9
	// record: Initialized 100/0
}

// An operator intent is parsed into the engine's intents; words that name none are reported.
func ExampleParseIntent() {
	in := kube.ParseIntent("skip, promot")
	fmt.Printf("skip=%t promote=%t unknown=%q\n", in.Skip, in.Promote, in.Unknown)
	// Output:
	// skip=true promote=false unknown=["promot"]
}

// Two writers load the same record; the second save is refused instead of overwriting the first.
func ExampleStore() {
	ctx := context.Background()
	c := fake.NewClientBuilder().WithObjects(&appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "podinfo", Namespace: "test"}}).Build()
	opts := kube.Options{Target: types.NamespacedName{Namespace: "test", Name: "podinfo"}}
	a, _ := kube.NewStore(c, opts)
	b, _ := kube.NewStore(c, opts)
	_, _, _ = a.Load(ctx)
	_, _, _ = b.Load(ctx)
	fmt.Println("a:", a.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}))
	err := b.Save(ctx, runner.Record{Status: rollout.InitialStatus("r0")})
	fmt.Println("b:", errors.Is(err, kube.ErrConflict), err)
	rec, _, _ := b.Load(ctx) // re-read, then decide again
	fmt.Println("stored:", rec.Status.LastAppliedRevision)
	// Output:
	// a: <nil>
	// b: true kube: conflict on test/podinfo annotation rollout.fleetkit.dev/record: another writer saved a record since this one was read
	// stored: r1
}

// A Session per reconcile: Store and Intents both read the target, the Store saves a record and
// loads it again, and the API server is read once.
func ExampleSession() {
	ctx := context.Background()
	c := fake.NewClientBuilder().WithObjects(&appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "podinfo", Namespace: "test",
			Annotations: map[string]string{kube.AnnotationIntent: "skip"}},
	}).Build()
	reads := &countingReader{Reader: c} // the manager's API reader in a controller
	s, err := kube.NewSession(c, reads)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := kube.Options{Target: types.NamespacedName{Namespace: "test", Name: "podinfo"}, Reader: s}
	store, _ := kube.NewStore(s.Client(), opts)
	intents, _ := kube.NewIntents(s.Client(), opts)

	_, found, _ := store.Load(ctx)
	in, _ := intents.Read(ctx)
	_ = store.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")})
	rec, _, _ := store.Load(ctx)
	fmt.Printf("record before: %t; intent skip: %t; record after: %s\n", found, in.Skip, rec.Status.Phase)
	fmt.Println("reads from the API server:", reads.gets.Load())
	// Output:
	// record before: false; intent skip: true; record after: Initialized
	// reads from the API server: 1
}
