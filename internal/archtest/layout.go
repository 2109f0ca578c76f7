package archtest

// Module is fleetkit's module path.
const Module = "github.com/fleetkit/fleetkit"

// Kind is a package class. Each kind has its own allowlist of direct imports (see Layout.Check).
type Kind int

const (
	// Pure is an engine package: deterministic functions of values. It imports the standard library,
	// k8s.io/apimachinery, k8s.io/api, k8s.io/component-helpers and other Pure fleetkit packages only,
	// and never reaches a client library, a vendor SDK or k8s.io/apiserver, not even transitively.
	Pure Kind = iota + 1
	// Adapter connects a pure package to one vendor or to the outside world. It imports what a Pure
	// package may, Pure fleetkit packages (its parent among them), Kubernetes client libraries, and
	// the vendor API packages its Class allows by name. It never imports another adapter.
	Adapter
	// Example is a program under examples/: it may import anything but another example, and nothing
	// imports it. An Example entry covers its whole subtree (examples/fleetctl/...).
	Example
	// Support is tooling and test support: private under internal/ (the test environment, this
	// package) or public test doubles (rollout/rollouttest). It may import anything but examples.
	// Library packages never import it, because no Pure or Adapter allowlist names it.
	Support
)

var kindNames = map[Kind]string{Pure: "pure", Adapter: "adapter", Example: "example", Support: "support"}

func (k Kind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return "unclassified"
}

// Class is the classification of one package: its kind, and the imports it may have beyond its
// kind's allowlist, each allowed by name with the reason.
type Class struct {
	Kind  Kind
	Allow []Allowance
}

// Allowance allows the imports under an import-path prefix (the path itself and everything below it).
type Allowance struct {
	Prefix string
	Reason string
}

// Layout classifies every package of the module, keyed by its path relative to Module ("" is the
// root package).
type Layout map[string]Class

// LayoutFile is where Fleetkit is declared; violation messages point there.
const LayoutFile = "internal/archtest/layout.go"

// Vendor API packages an adapter may import when its Class names them. Only API and type packages
// are listed: upstream internals (Karmada's pkg/scheduler or pkg/util, k8s.io/kubernetes, ...) are
// never allowed, because their dependency graphs break `go mod tidy` for every consumer and they
// change without notice.
var (
	karmadaAPIs = Allowance{"github.com/karmada-io/karmada/pkg/apis",
		"Karmada's API types and their validation (the same checks karmada-webhook runs)"}
	overriderValueAPI = Allowance{"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1",
		"apiextensionsv1.JSON, the value type of the plaintext overriders in Karmada's override API"}
	capiAPIs = Allowance{"sigs.k8s.io/cluster-api/api",
		"Cluster API's v1beta2 API types"}
	istioAPIs = []Allowance{
		{"istio.io/client-go/pkg/apis", "Istio's Kubernetes API types"},
		{"istio.io/api", "the protobuf message types Istio's API types embed"},
		{"google.golang.org/protobuf/types/known", "well-known protobuf types (durations, wrappers) in Istio's messages"},
		{"google.golang.org/protobuf/proto", "proto.Equal: Istio's specs are protobuf messages, compared by value to detect hand edits"},
	}
	volcanoAPIs = Allowance{"volcano.sh/apis/pkg/apis",
		"Volcano's API types (Job, PodGroup)"}
	prometheusOperatorAPIs = Allowance{"github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring",
		"prometheus-operator's API types (Prometheus, PrometheusRule); the module holds types only"}
	prometheusClient = []Allowance{
		{"github.com/prometheus/client_golang/api", "the Prometheus HTTP API client"},
		{"github.com/prometheus/common/model", "the value types the Prometheus HTTP API client returns"},
	}
)

// Fleetkit is fleetkit's layout. Every package of the module must be classified here: a new package
// fails TestModuleFollowsTheLayeringRules until it is added with its kind, and an entry whose package
// is gone fails it too.
var Fleetkit = Layout{
	"": {Kind: Pure}, // the root package holds only the package map (doc.go)

	"fleet":      {Kind: Pure},
	"cluster":    {Kind: Pure},
	"distribute": {Kind: Pure},
	"traffic":    {Kind: Pure},
	"rollout":    {Kind: Pure},
	"observe":    {Kind: Pure},
	"policy": {Kind: Pure, Allow: []Allowance{{"github.com/google/cel-go",
		// Decided for issue 11: policy.Compile promises that an invalid policy is a *ValidationError
		// naming the rule and field, never an object the API server refuses at apply time or, worse,
		// one that silently allows everything. That needs a CEL parser and type checker in the pure
		// package. cel-go is that and nothing more: no I/O, no clients, no globals beyond an immutable
		// environment; it is the same library kube-apiserver uses, so policy/eval's heavy
		// k8s.io/apiserver graph already contains it. Moving the check to policy/eval would make every
		// embedder that only compiles policies link k8s.io/apiserver to get early errors.
		"CEL expressions are parsed and type-checked while compiling, so invalid CEL is a ValidationError"},
		// Decided for issue 12: a custom CEL rule is type-checked against the served OpenAPI schema of
		// every kind it is compiled for, with kube-apiserver's own schema-to-CEL conversion, so that a
		// misspelt field is a ValidationError instead of a policy that denies every object. Only the
		// three small packages of that conversion are used: pkg/cel (DeclType, its type provider),
		// pkg/cel/common (SchemaDeclType) and pkg/cel/openapi (the kube-openapi schema adapter). The
		// rest of the prefix (pkg/cel/environment, library, ...) reaches k8s.io/component-base and
		// client-go, which pureNeverReaches refuses, so the prefix cannot widen unnoticed.
		{"k8s.io/apiserver/pkg/cel", "custom CEL rules are typed by kind with kube-apiserver's schema-to-CEL conversion"},
		{"k8s.io/apiserver/pkg/apis/cel", "the CEL cost limits pkg/cel reads (reached, not imported)"},
		{"k8s.io/kube-openapi/pkg/validation/spec", "the OpenAPI schema type the embedded served schemas decode into"}}},
	"scheduling": {Kind: Pure},

	// Pure subpackages: the rollout runner (ports declared here, adapters satisfy them), fleet waves
	// and scenario simulation build on the rollout engine.
	"rollout/runner":   {Kind: Pure},
	"rollout/wave":     {Kind: Pure},
	"rollout/simulate": {Kind: Pure},

	// The fleet's monitoring plan (external labels, Thanos files, rollout SLO rules) builds on
	// observe's queries and the fleet model.
	"observe/stack": {Kind: Pure},

	// The defaults kube-apiserver applies to pods before admission, for offline evaluation.
	"policy/defaults": {Kind: Pure},

	"fleet/karmada":      {Kind: Adapter, Allow: []Allowance{karmadaAPIs}},
	"cluster/capi":       {Kind: Adapter, Allow: []Allowance{capiAPIs}},
	"cluster/nodefacts":  {Kind: Adapter}, // reads a node's files through an fs.FS
	"distribute/karmada": {Kind: Adapter, Allow: []Allowance{karmadaAPIs, overriderValueAPI}},
	"traffic/istio":      {Kind: Adapter, Allow: istioAPIs},
	"rollout/webhook":    {Kind: Adapter}, // the HTTP HookCaller: standard library only
	"rollout/kube":       {Kind: Adapter}, // Deployment workload and annotation store: client libraries only
	"observe/prometheus": {Kind: Adapter, Allow: prometheusClient},
	"policy/eval": {Kind: Adapter, Allow: []Allowance{
		{"k8s.io/apiserver/pkg", "offline evaluation runs kube-apiserver's own admission and CEL machinery, so its verdicts are the API server's"},
		{"github.com/google/cel-go", "the CEL library under kube-apiserver's machinery: its values, ASTs and cost estimates are what evaluation inspects"},
	}},
	"scheduling/volcano": {Kind: Adapter, Allow: []Allowance{volcanoAPIs}},

	// The prometheus-operator objects of the monitoring plan.
	"observe/stack/promop": {Kind: Adapter, Allow: []Allowance{prometheusOperatorAPIs}},

	"examples/fleetctl":           {Kind: Example},
	"examples/rollout-controller": {Kind: Example},

	// The one strict decoder of user YAML and JSON, which the pure loaders (fleet.Load, policy.Load,
	// distribute.DecodeRequest, ...) share: pure itself, with the two parsers it needs.
	"internal/strictyaml": {Kind: Pure, Allow: []Allowance{
		{"go.yaml.in/yaml/v3", "the YAML parser: its node tree lets aliases be measured without expanding them"},
		{"sigs.k8s.io/json", "the case-sensitive, strict encoding/json fork the Kubernetes API server decodes with"}}},
	"internal/spelling":                  {Kind: Pure},    // edit distance for "did you mean"
	"internal/podresources":              {Kind: Pure},    // kube-apiserver's defaulting of a Pod's resources
	"internal/strictyaml/strictyamltest": {Kind: Support}, // hostile inputs for the decoders' tests

	// In-memory doubles of every rollout/runner port, for the tests of code that drives a Runner:
	// public so embedders' tests use them too, and test support, so no library package imports it.
	"rollout/rollouttest": {Kind: Support},

	"internal/archtest": {Kind: Support},
	// Regenerates policy/schemas from the test environment's API server (make generate).
	"hack/gen-openapi": {Kind: Support},
	"internal/testenv": {Kind: Support},
	// The smallest program around distribute.Divide, and the harness it shares with the compat
	// module's karmada-divide: what `make bench-process` measures against Karmada.
	"internal/dividebench":                     {Kind: Support},
	"internal/dividebench/cmd/fleetkit-divide": {Kind: Support},
}
