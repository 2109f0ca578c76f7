package scheduling

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// The engine works in int64 milli-units. maxUnits bounds a single quantity (so at most 2^50·1000
// milli-units) so that the sums and differences of a few of them cannot overflow; unlimited stands for
// "no limit" (a node without a pods entry) and every sum saturates at it.
const (
	maxUnits  = int64(1) << 50 // about 1.1e15 units (1 PiB of memory) per quantity
	unlimited = int64(1) << 62
)

// milli converts q, a quantity of resource name, to milli-units, rounding fractions of a milli-unit up as
// Quantity.MilliValue does. The float approximation is only a cheap range guard: MilliValue itself would
// silently overflow. A fraction of a resource counted in whole units (pods, extended resources) is an
// error, as the API server refuses it.
func milli(name corev1.ResourceName, q resource.Quantity) (int64, error) {
	if f := q.AsApproximateFloat64(); f > float64(maxUnits) || f < -float64(maxUnits) {
		return 0, errTooLarge
	}
	if q.Sign() < 0 {
		return 0, errNegative
	}
	v := q.MilliValue()
	if v%1000 != 0 && WholeUnits(name) {
		return 0, quantityError(WholeUnitsReason(name))
	}
	return v, nil
}

type quantityError string

func (e quantityError) Error() string { return string(e) }

const (
	errTooLarge = quantityError("quantity out of range (at most 2^50 units)")
	errNegative = quantityError("must not be negative")
)

// milliField converts list[name], naming field in the error; a missing entry is zero.
func milliField(list corev1.ResourceList, name corev1.ResourceName, field string) (int64, error) {
	v, _, err := milliOf(list, name)
	if err != nil {
		return 0, err.at(field)
	}
	return v, nil
}

// milliOf converts list[name] and says whether it was present. The error is completed with the field
// path only when it happens, so the hot path over a million nodes builds no strings.
func milliOf(list corev1.ResourceList, name corev1.ResourceName) (int64, bool, *quantityProblem) {
	q, ok := list[name]
	if !ok {
		return 0, false, nil
	}
	v, err := milli(name, q)
	if err != nil {
		return 0, true, &quantityProblem{name: name, value: q.String(), err: err}
	}
	return v, true, nil
}

// quantityProblem is a bad quantity whose field path is not known yet.
type quantityProblem struct {
	name  corev1.ResourceName
	value string
	err   error
}

func (p *quantityProblem) at(field string) *ValidationError {
	return &ValidationError{Field: fmt.Sprintf("%s[%s]", field, p.name), Reason: fmt.Sprintf("%s: %s", p.value, p.err)}
}

// quantityOf renders milli-units of a resource back as a Quantity in the resource's customary format.
func quantityOf(name corev1.ResourceName, v int64) resource.Quantity {
	if v >= unlimited {
		v = unlimited
	}
	format := resource.DecimalSI
	if binaryResource(name) {
		format = resource.BinarySI
	}
	if v%1000 == 0 {
		return *resource.NewQuantity(v/1000, format)
	}
	return *resource.NewMilliQuantity(v, format)
}

func binaryResource(name corev1.ResourceName) bool {
	switch name {
	case corev1.ResourceMemory, corev1.ResourceEphemeralStorage, corev1.ResourceStorage:
		return true
	}
	return len(name) > len(corev1.ResourceHugePagesPrefix) && name[:len(corev1.ResourceHugePagesPrefix)] == corev1.ResourceHugePagesPrefix
}

// podsQuantity renders a pod count.
func podsQuantity(n int64) resource.Quantity { return *resource.NewQuantity(n, resource.DecimalSI) }

// addSat adds two values in [-unlimited, unlimited], saturating at the bounds. The bounds are
// checked before adding: unlimited+unlimited would overflow int64.
func addSat(a, b int64) int64 {
	switch {
	case b > 0 && a > unlimited-b:
		return unlimited
	case b < 0 && a < -unlimited-b:
		return -unlimited
	}
	return a + b
}

// mulSat multiplies non-negative values, saturating at unlimited.
func mulSat(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > unlimited/b {
		return unlimited
	}
	return a * b
}
