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
	if id, ok := n.(*parse.IdentifierNode); ok {
		return id.Ident == name
	}
	for _, c := range children(n) {
		if nodeUses(c, name) {
			return true
		}
	}
	return false
}

// children returns the nodes under n that can hold a function call; nil
// lists and pipes (an if without else) have none.
func children(n parse.Node) []parse.Node {
	switch x := n.(type) {
	case *parse.ListNode:
		if x != nil {
			return x.Nodes
		}
	case *parse.ActionNode:
		return []parse.Node{x.Pipe}
	case *parse.PipeNode:
		if x != nil {
			out := make([]parse.Node, len(x.Cmds))
			for i, c := range x.Cmds {
				out[i] = c
			}
			return out
		}
	case *parse.CommandNode:
		return x.Args
	case *parse.IfNode:
		return branch(&x.BranchNode)
	case *parse.RangeNode:
		return branch(&x.BranchNode)
	case *parse.WithNode:
		return branch(&x.BranchNode)
	}
	return nil
}

func branch(b *parse.BranchNode) []parse.Node {
	return []parse.Node{b.Pipe, b.List, b.ElseList}
}
