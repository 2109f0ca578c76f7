package defaults_test

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/policy/defaults"
)

func ExampleForCreate() {
	d, err := defaults.ForCreate(&appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
		Spec: appsv1.DeploymentSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			Containers: []corev1.Container{{Name: "app", Image: "nginx:latest"}}}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dep := d.Object.(*appsv1.Deployment)
	fmt.Println("replicas:", *dep.Spec.Replicas)
	fmt.Println("strategy:", dep.Spec.Strategy.Type, dep.Spec.Strategy.RollingUpdate.MaxSurge)
	fmt.Println("pull policy:", dep.Spec.Template.Spec.Containers[0].ImagePullPolicy)
	for _, f := range d.Unknown {
		fmt.Println("unknown:", f)
	}
	// Output:
	// replicas: 1
	// strategy: RollingUpdate 25%
	// pull policy: Always
	// unknown: metadata.uid
	// unknown: metadata.creationTimestamp
	// unknown: metadata.managedFields
}
