package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/yaml"
)

// ErrDecode is matched (with errors.Is) by errors from Load about documents that are not a FleetPolicy at all:
// malformed YAML or JSON, unknown fields, wrong types.
var ErrDecode = errors.New("policy: decode")

// looseRules reads only the rule names, so that an unknown rule is reported as a rule rather than as an
// anonymous unknown JSON field.
type looseRules struct {
	Spec struct {
		Rules []map[string]json.RawMessage `json:"rules"`
	} `json:"spec"`
}

// Load decodes a FleetPolicy from YAML or JSON and validates it (including type-checking its CEL). Unknown
// fields are errors, so a misspelt field or rule name is reported instead of silently ignored.
func Load(data []byte) (FleetPolicy, error) {
	js, err := yaml.ToJSON(data)
	if err != nil {
		return FleetPolicy{}, fmt.Errorf("%w: %v", ErrDecode, err)
	}
	var loose looseRules
	if err := json.Unmarshal(js, &loose); err != nil {
		return FleetPolicy{}, fmt.Errorf("%w: %v", ErrDecode, err)
	}
	if err := checkRuleNames(loose.Spec.Rules); err != nil {
		return FleetPolicy{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	var p FleetPolicy
	if err := dec.Decode(&p); err != nil {
		return FleetPolicy{}, fmt.Errorf("%w: %v", ErrDecode, err)
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
