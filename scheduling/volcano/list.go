package volcano

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// listPage lists one page of a resource: its items and the continue token of the next page.
type listPage[T any] func(ctx context.Context, opts metav1.ListOptions) ([]T, string, error)

// listAll collects every item of a paged List. A continue token outlives etcd's compaction window
// (about five minutes) on a large cluster; the API server then answers 410 Expired to the next page.
// Like client-go's pager (tools/pager ListPager.List with FullListIfExpired), listAll then drops the
// pages it has and lists everything again in one unpaged request, so the result is still one
// consistent list and no item of the dropped pages is counted twice.
func listAll[T any](ctx context.Context, pageSize int64, fieldSelector string, list listPage[T]) ([]T, error) {
	opts := metav1.ListOptions{Limit: pageSize, FieldSelector: fieldSelector}
	var all []T
	for {
		items, next, err := list(ctx, opts)
		if err != nil && opts.Continue != "" && apierrors.IsResourceExpired(err) {
			items, _, err = list(ctx, metav1.ListOptions{FieldSelector: fieldSelector})
			return items, err
		}
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if next == "" {
			return all, nil
		}
		opts.Continue = next
	}
}
