package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	k8sruntime "k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/eval"
)

// evaluateFiles decodes every manifest file, then evaluates all their objects on every CPU: an Evaluator is
// safe for concurrent use. The files are one stream, as `kubectl apply -f a -f b` applies them: the
// Namespaces in any of them, with their labels, are what namespace selectors see (eval.ForStream).
// Results keep the order of the files and of the objects in each; an error names its file, and the first
// one in that order is returned.
func evaluateFiles(ctx context.Context, ev *eval.Evaluator, paths []string) ([]eval.Result, error) {
	objs, files, err := decodeFiles(paths)
	if err != nil {
		return nil, err
	}
	if ev, err = ev.ForStream(objs); err != nil {
		return nil, err
	}
	results := make([]eval.Result, len(objs))
	errs := make([]error, len(objs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(objs)) {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = ev.Evaluate(ctx, objs[i])
			}
		})
	}
	for i := range objs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", files[i], err)
		}
	}
	return results, nil
}

// decodeFiles decodes every manifest file, returning the objects in order and the file of each.
func decodeFiles(paths []string) (objs []k8sruntime.Object, files []string, err error) {
	for _, path := range paths {
		data, err := readFile(path)
		if err != nil {
			return nil, nil, err
		}
		decoded, err := eval.Decode(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, o := range decoded {
			objs, files = append(objs, o), append(files, path)
		}
	}
	return objs, files, nil
}
