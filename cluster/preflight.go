package cluster

// CheckStatus is the outcome of one preflight check.
type CheckStatus string

// Preflight outcomes. A Warn does not stop a join; a Fail does.
const (
	CheckPass CheckStatus = "pass"
	CheckWarn CheckStatus = "warn"
	CheckFail CheckStatus = "fail"
)

// CheckResult is the outcome of one check, with what was seen and how to fix a failure.
type CheckResult struct {
	Name   string      `json:"name"`
	Status CheckStatus `json:"status"`
	Detail string      `json:"detail"`
	Fix    string      `json:"fix,omitempty"`
}

// Check is a pure preflight check over node facts.
type Check func(NodeFacts) CheckResult

// PreflightReport is the outcome of all checks on one node.
type PreflightReport struct {
	Node    string        `json:"node"`
	Results []CheckResult `json:"results"`
}

// Passed reports whether no check failed (warnings are allowed).
func (r PreflightReport) Passed() bool { return len(r.Failures()) == 0 }

// Failures returns the failed checks, in check order.
func (r PreflightReport) Failures() []CheckResult {
	var out []CheckResult
	for _, c := range r.Results {
		if c.Status == CheckFail {
			out = append(out, c)
		}
	}
	return out
}

// DefaultChecks returns the checks Preflight runs, in report order.
func DefaultChecks() []Check {
	return []Check{CheckSwap, CheckModules, CheckSysctls, CheckCgroupDriver, CheckCRISocket, CheckCgroupVersion}
}

// Preflight runs checks (DefaultChecks when none are given) over the facts of one node.
func Preflight(facts NodeFacts, checks ...Check) PreflightReport {
	if len(checks) == 0 {
		checks = DefaultChecks()
	}
	r := PreflightReport{Node: facts.Hostname, Results: make([]CheckResult, 0, len(checks))}
	for _, c := range checks {
		r.Results = append(r.Results, c(facts))
	}
	return r
}
