package infra

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validateLogLineFromSource reads, from the source of the validate function's packages, the JSON log
// line that it writes for an upload rejected because the malware scan found threats. It fails the test
// when the source no longer has the pieces that the upload metric filters rely on.
func validateLogLineFromSource(t *testing.T) map[string]any {
	t.Helper()
	logging := parseSourceFile(t, "functions/internal/logging/logging.go")
	validation := parseSourceFile(t, "functions/internal/validation/validation.go")
	files := parseSourceFile(t, "functions/internal/files/content.go")

	messageKey := stringConstant(t, logging, "KeyMessage")
	rejected := stringConstant(t, validation, "OutcomeRejected")
	malware := stringConstant(t, files, "RejectMalware")

	process := functionDeclaration(t, validation, "process")
	message := ""
	ast.Inspect(process, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok || !isSelector(call.Fun, "logger", "Info") || len(call.Args) == 0 {
			return true
		}
		if literal, ok := stringLiteral(call.Args[0]); ok {
			message = literal
		}
		return true
	})
	require.NotEmpty(t, message, "process logs no message with logger.Info")
	assert.True(t, hasKeyValue(process, "outcome", func(value ast.Expr) bool {
		ident, ok := value.(*ast.Ident)
		return ok && ident.Name == "outcome"
	}), "process logs the outcome under the key \"outcome\"")
	assert.True(t, hasKeyValue(process, "reasonCode", func(value ast.Expr) bool {
		return isSelector(value, "reason", "Code")
	}), "process logs the rejection code under the key \"reasonCode\"")

	threats := false
	ast.Inspect(functionDeclaration(t, validation, "scanRejection"), func(node ast.Node) bool {
		if expr, ok := node.(ast.Expr); ok && isSelector(expr, "files", "RejectMalware") {
			threats = true
		}
		return true
	})
	assert.True(t, threats, "scanRejection rejects uploads with threats with files.RejectMalware")

	assert.Equal(t, validateLogMessage, message)
	assert.Equal(t, validateRejectedOutcome, rejected)
	assert.Equal(t, validateMalwareReason, malware)
	assert.Contains(t, rejectedUploadsPattern, "$."+messageKey+" = ", "the filters read Lambda's message key")
	return map[string]any{
		messageKey: message, "level": "INFO", "outcome": rejected, "reasonCode": malware,
		"reason": "the malware scan found EICAR-Test-File",
	}
}

// parseSourceFile parses a Go file of the repository, given by its path from the repository root.
func parseSourceFile(t *testing.T, path string) *ast.File {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), filepath.Join(repoRoot(t), path), nil, 0)
	require.NoError(t, err)
	return file
}

// stringConstant returns the value of the string constant name declared in file.
func stringConstant(t *testing.T, file *ast.File, name string) string {
	t.Helper()
	for _, decl := range file.Decls {
		general, ok := decl.(*ast.GenDecl)
		if !ok || general.Tok != token.CONST {
			continue
		}
		for _, spec := range general.Specs {
			values := spec.(*ast.ValueSpec)
			for i, ident := range values.Names {
				if ident.Name != name || i >= len(values.Values) {
					continue
				}
				value, ok := stringLiteral(values.Values[i])
				require.True(t, ok, "constant %s is not a string literal", name)
				return value
			}
		}
	}
	require.Failf(t, "constant not found", "%s has no constant %s", file.Name.Name, name)
	return ""
}

// functionDeclaration returns the function or method name declared in file.
func functionDeclaration(t *testing.T, file *ast.File, name string) *ast.FuncDecl {
	t.Helper()
	for _, decl := range file.Decls {
		if function, ok := decl.(*ast.FuncDecl); ok && function.Name.Name == name {
			return function
		}
	}
	require.Failf(t, "function not found", "%s has no function %s", file.Name.Name, name)
	return nil
}

// hasKeyValue reports whether a list in node, such as the arguments of append or the elements of a
// []any literal, has the string key followed by a value that valueMatches accepts.
func hasKeyValue(node ast.Node, key string, valueMatches func(ast.Expr) bool) bool {
	found := false
	check := func(list []ast.Expr) {
		for i := 0; i+1 < len(list); i++ {
			if literal, ok := stringLiteral(list[i]); ok && literal == key && valueMatches(list[i+1]) {
				found = true
			}
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch expr := n.(type) {
		case *ast.CallExpr:
			check(expr.Args)
		case *ast.CompositeLit:
			check(expr.Elts)
		}
		return true
	})
	return found
}

// isSelector reports whether expr is receiver.field.
func isSelector(expr ast.Expr, receiver, field string) bool {
	selector, ok := expr.(*ast.SelectorExpr)
	if !ok || selector.Sel.Name != field {
		return false
	}
	ident, ok := selector.X.(*ast.Ident)
	return ok && ident.Name == receiver
}

// stringLiteral returns the value of a string literal expression.
func stringLiteral(expr ast.Expr) (string, bool) {
	literal, ok := expr.(*ast.BasicLit)
	if !ok || literal.Kind != token.STRING {
		return "", false
	}
	value, err := strconv.Unquote(literal.Value)
	return value, err == nil
}
