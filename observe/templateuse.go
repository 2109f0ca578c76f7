package observe

import (
	"fmt"
	"text/template"
	"text/template/parse"
)

// Uses reports whether the template calls the variable function name
// ("cluster", "clusterMatcher", "namespace"...) anywhere, branches
// included. A fleet source uses it to refuse, on a member's own
// Prometheus, a template that selects by the cluster label the member's
// local series do not carry.
func (t Template) Uses(name string) (bool, error) {
	tmpl, err := template.New("query").Funcs(Variables{}.funcs()).Parse(t.Query)
	if err != nil {
		return false, fmt.Errorf("template %q: %w: %w", t.Name, ErrRender, err)
	}
	return nodeUses(tmpl.Root, name), nil
}

// nodeUses walks a parse tree for an identifier called name.
func nodeUses(n parse.Node, name string) bool {
	switch x := n.(type) {
	case *parse.ListNode:
		if x == nil {
			return false
		}
		for _, c := range x.Nodes {
			if nodeUses(c, name) {
				return true
			}
		}
	case *parse.ActionNode:
		return nodeUses(x.Pipe, name)
	case *parse.PipeNode:
		if x == nil {
			return false
		}
		for _, c := range x.Cmds {
			if nodeUses(c, name) {
				return true
			}
		}
	case *parse.CommandNode:
		for _, a := range x.Args {
			if nodeUses(a, name) {
				return true
			}
		}
	case *parse.IdentifierNode:
		return x.Ident == name
	case *parse.IfNode:
		return branchUses(&x.BranchNode, name)
	case *parse.RangeNode:
		return branchUses(&x.BranchNode, name)
	case *parse.WithNode:
		return branchUses(&x.BranchNode, name)
	}
	return false
}

func branchUses(b *parse.BranchNode, name string) bool {
	return nodeUses(b.Pipe, name) || nodeUses(b.List, name) || nodeUses(b.ElseList, name)
}
