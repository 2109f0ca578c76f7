# fleetkit's developer entry points. `make test` is the one CI runs (.ci/run).
GO ?= go
TEST_TIMEOUT ?= 40m
FUZZTIME ?= 20s

.PHONY: test testenv unit lint bench fuzz demo generate

## test: install the real test environment (once, cached), then every test: unit, examples, fuzz seeds,
## integration against kube-apiserver + etcd + Prometheus, all with the race detector.
test:
	TEST_TIMEOUT=$(TEST_TIMEOUT) ./hack/test.sh

## tidy-check: plain `go mod tidy` is a no-op in fleetkit, and a scratch module importing every public
## package tidies, builds and vets (hack/consumer-tidy.sh).
.PHONY: tidy-check
tidy-check:
	./hack/consumer-tidy.sh

## testenv: build/install kube-apiserver, etcd and Prometheus into ~/.cache/fleetkit (idempotent).
testenv:
	./hack/setup-testenv.sh >/dev/null

## unit: the tests of the pure packages only (no environment needed).
unit:
	$(GO) test -count=1 ./fleet ./cluster ./distribute ./traffic ./rollout ./rollout/runner ./rollout/wave \
	  ./rollout/simulate ./rollout/rollouttest ./observe ./policy ./policy/defaults ./scheduling ./internal/strictyaml

## lint: formatting, go vet, and golangci-lint (pinned; built once into ~/.cache/fleetkit/bin) with
## .golangci.yml: depguard layering, errorlint, gocyclo, godot, revive doc rules and the standard set.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	./hack/golangci-lint.sh

## bench: the engine benchmarks, then fleetkit against Karmada's own code (the nested compat module).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./distribute ./rollout ./scheduling ./policy/... ./internal/strictyaml
	cd internal/compat/karmada && $(GO) test -run '^$$' -bench . -benchmem ./...

## bench-load: one rollout controller, LOAD_ROLLOUTS concurrent rollouts at 2 s intervals on the test
## environment (kube-apiserver + one Prometheus), measured for LOAD_WINDOW: ticks/s, tick latency, interval
## between ticks (p50/p99), API requests per tick by verb and resource, CPU per tick by process, heap and RSS.
## LOAD_WORKERS sets MaxConcurrentReconciles; LOAD_IDLE adds rollouts at rest (initialised, never released).
LOAD_ROLLOUTS ?= 300
LOAD_WINDOW ?= 60s
LOAD_WORKERS ?= 8
LOAD_IDLE ?= 0
.PHONY: bench-load
bench-load:
	FLEETKIT_TESTBIN=$$(./hack/setup-testenv.sh) $(GO) test -count=1 -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x \
	  -timeout 30m ./examples/rollout-controller -load-rollouts $(LOAD_ROLLOUTS) -load-window $(LOAD_WINDOW) \
	  -load-workers $(LOAD_WORKERS) -load-idle $(LOAD_IDLE)

## bench-process: whole-process wall time of `fleetctl version`, `fleetctl divide -f` (table and -o json)
## and a binary calling Karmada's AssignReplicas on the same 5,000-cluster request, N interleaved rounds
## (hack/bench-process.sh: medians, minimums, divide/version and karmada/divide).
N ?= 25
.PHONY: bench-process
bench-process:
	N=$(N) ./hack/bench-process.sh

## fuzz: run every fuzz target for FUZZTIME each.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

## demo: the main job.
demo:
	$(GO) run ./examples/fleetctl demo

## generate: regenerate the CRDs no pinned module ships (internal/testenv/crds/generated) and the served
## OpenAPI schemas custom CEL rules are type-checked against (policy/schemas, from the test environment's
## kube-apiserver).
generate:
	$(GO) generate ./internal/testenv
	$(GO) run ./hack/gen-openapi
