package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// ErrDecode is matched (with errors.Is) by errors from Load about documents that are not a FleetPolicy at all:
// malformed YAML or JSON, unknown fields, wrong types, duplicate keys, more than one document, or input beyond
// the decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100 levels, 500,000 nodes).
var ErrDecode = errors.New("policy: decode")

// looseRules reads only the rule names, so that an unknown rule is reported as a rule rather than as an
// anonymous unknown JSON field.
type looseRules struct {
	Spec struct {
		Rules []map[string]json.RawMessage `json:"rules"`
	} `json:"spec"`
}

// Load decodes a FleetPolicy from one YAML or JSON document and validates it (including type-checking its
// CEL). Unknown fields, duplicate keys and a second document are errors, so a misspelt field or rule name,
// or an action written twice, is reported instead of silently ignored.
func Load(data []byte) (FleetPolicy, error) {
	doc, err := strictyaml.Parse(data)
	if err != nil {
		return FleetPolicy{}, fmt.Errorf("%w: %w", ErrDecode, err)
	}
	var loose looseRules
	if err := json.Unmarshal(doc.JSON(), &loose); err == nil {
		if err := checkRuleNames(loose.Spec.Rules); err != nil {
			return FleetPolicy{}, err
		}
	}
	var p FleetPolicy
	if err := doc.Decode(&p); err != nil {
		return FleetPolicy{}, fmt.Errorf("%w: %w", ErrDecode, err)
	}
	if err := p.Validate(); err != nil {
		return FleetPolicy{}, err
	}
	return p, nil
}

func checkRuleNames(rules []map[string]json.RawMessage) error {
	var errs []error
	for i, r := range rules {
		field := fmt.Sprintf("spec.rules[%d]", i)
		for name, body := range r {
			if !knownRuleKind(name) {
				errs = append(errs, &ValidationError{Field: field, Rule: name,
					Reason: "unknown rule; known rules: " + knownRuleList()})
				continue
			}
			if trimmed := bytes.TrimSpace(body); bytes.Equal(trimmed, []byte("null")) {
				errs = append(errs, invalidRule(field+"."+name, RuleKind(name),
					"the rule has no body; write %s: {} for a rule without settings", name))
			}
		}
	}
	return sortedJoin(errs)
}

func knownRuleList() string {
	names := make([]string, 0, len(RuleKinds()))
	for _, k := range RuleKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}
