// Package strictyaml decodes user-supplied YAML and JSON strictly and within limits. Every fleetkit
// loader of user bytes (fleet.Load, policy.Load, the policy/eval manifest decoder, the request and
// snapshot decoders of distribute and scheduling, the Karmada and Volcano manifest readers) goes
// through it, so they all refuse the same things the same way.
//
// # What is refused
//
//   - Input beyond the Limits, as a *LimitError (ErrLimit): input size (16 MiB by default), decoded size
//     counting every alias as often as it is used (32 MiB), nesting depth (100) and node count (500,000).
//     Aliases are measured, not expanded: each anchored node's size is computed once and reused, so an
//     alias bomb (a 1 MiB string referenced 2,000 times) is refused for the cost of reading its 1 MiB.
//     YAML's node count is first estimated from the text, because the parser holds every node in memory
//     (about 250 bytes each): a text with too many is refused before it is parsed.
//   - A mapping that names one key twice (ErrDuplicateKey); with YAML the last one would silently win.
//   - No document, or a second document where one is expected (ErrDocuments). ParseAll reads several,
//     and the items of a `kind: List` (kubectl's output for several objects) as objects of their own.
//   - A key the target type has no field for (ErrUnknownField), and a value of the wrong type or one the
//     field's own decoder refuses, such as a malformed quantity (ErrType). Field names match exactly,
//     as the Kubernetes API server matches them with fieldValidation=Strict.
//   - YAML that has no faithful JSON form (ErrUnsupported): cyclic aliases, non-scalar keys, .inf and .nan.
//
// Every problem is a *FieldError with the path of the field ("members[2].capacity.cpu", keys that are not
// plain words in brackets: "limits[nvidia.com/gpu]") and, when known, the line.
//
// # How input is read
//
// Input whose first non-space byte is '{' or '[' is read as JSON: a single pass checks syntax, limits and
// duplicate keys; no YAML parser is involved. Anything else (and flow-style YAML that is not JSON) is parsed
// with go.yaml.in/yaml/v3 into its node tree, measured, and written out as JSON in one pass (aliases and
// merge keys "<<" expanded, scalars converted by their YAML 1.2 core-schema tag). YAML 1.2 means `yes`,
// `no`, `on` and `off` are strings, not booleans; 0x1F, 0o17 and 1_000 are integers.
//
// The JSON is then decoded as sigs.k8s.io/json's UnmarshalStrict (the case-sensitive, strict fork of
// encoding/json the Kubernetes API server uses) would decode it, with DisallowUnknownFields. A type-directed
// decoder works out once per Go type what to do (its fields by exact name, which types decode themselves)
// and decodes in one pass, about three times faster than the fork; whatever it does not handle (an
// interface value, a null where no pointer, slice or map is, an unknown field, a number that does not fit)
// it hands to the fork, which decodes the document again and reports the problem. A differential fuzz
// target (FuzzFastDecode) holds the two to the same results. Errors are located only after a decode fails,
// by walking the document beside the target type.
package strictyaml
