package strictyaml_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

func TestComparePathsReadsIndexesAsNumbers(t *testing.T) {
	paths := []string{
		"options.searchBudget", "clusters[10].name", "clusters[2].nodes[11].name", "clusters", "groups[0].name",
		"clusters[2].nodes[2].allocatable[nvidia.com/gpu]", "clusters[2].nodes[02].name", "clusters[2].nodes[2].name",
	}
	slices.SortFunc(paths, strictyaml.ComparePaths)
	assert.Equal(t, []string{
		"clusters", "clusters[2].nodes[2].allocatable[nvidia.com/gpu]", "clusters[2].nodes[2].name",
		"clusters[2].nodes[02].name", "clusters[2].nodes[11].name", "clusters[10].name", "groups[0].name",
		"options.searchBudget",
	}, paths)
	assert.Zero(t, strictyaml.ComparePaths("a[1]", "a[1]"))
}
