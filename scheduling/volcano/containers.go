package volcano

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// eachContainer calls visit with the field path of every init container, then every app container, of
// spec (field.initContainers[j], field.containers[j]), and stops at its first error.
func eachContainer(field string, spec *corev1.PodSpec, visit func(f string, c *corev1.Container, init bool) error) error {
	for j := range spec.InitContainers {
		if err := visit(fmt.Sprintf("%s.initContainers[%d]", field, j), &spec.InitContainers[j], true); err != nil {
			return err
		}
	}
	for j := range spec.Containers {
		if err := visit(fmt.Sprintf("%s.containers[%d]", field, j), &spec.Containers[j], false); err != nil {
			return err
		}
	}
	return nil
}
