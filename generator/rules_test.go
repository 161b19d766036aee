package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRulesListed: every rule id the package's code writes is in Rules,
// so that the list the program's tests pin (and the guide explains) is
// the whole list.
func TestRulesListed(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "error" && sel.Sel.Name != "warn" && sel.Sel.Name != "notice") {
				return true
			}
			switch a := call.Args[1].(type) {
			case *ast.BasicLit:
				id, _ := strconv.Unquote(a.Value)
				used[id] = true
			case *ast.BinaryExpr: // "unknown-"+kind
				used["unknown-segment"], used["unknown-area"] = true, true
			default:
				t.Errorf("%s: a rule id that is neither a literal nor \"unknown-\"+kind", fset.Position(call.Pos()))
			}
			return true
		})
	}
	if len(used) < 20 {
		t.Fatalf("found only %d rule ids in the code: is the pattern still right?", len(used))
	}
	for id := range used {
		if !slices.Contains(Rules(), id) {
			t.Errorf("rule %q is used but not in Rules", id)
		}
	}
	for _, id := range rules { // the generator's own: maturity tests its
		if !used[id] {
			t.Errorf("rule %q is in Rules but no code reports it", id)
		}
	}
}
