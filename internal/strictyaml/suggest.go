package strictyaml

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/fleetkit/fleetkit/internal/spelling"
)

// suggest names the field a misspelt key most likely meant: the same name in another case, or the closest
// name within two edits. It returns "" when nothing is close.
func suggest(key string, fields map[string]reflect.Type) string {
	best, bestDist := "", 3
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		d := spelling.Distance(strings.ToLower(key), strings.ToLower(name))
		if strings.EqualFold(key, name) {
			d = 0
		}
		if d < bestDist {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
