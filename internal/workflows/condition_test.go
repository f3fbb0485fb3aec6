package workflows

import (
	"fmt"
	"regexp"
	"strings"
)

// conditionToken matches one token of a job's if: expression: a quoted string, an operator, a
// parenthesis or a context name such as github.actor.
var conditionToken = regexp.MustCompile(`\s*('(?:[^']|'')*'|==|!=|&&|\|\||\(|\)|[A-Za-z_][\w.-]*)`)

// evaluateCondition evaluates an if: expression made of context names, quoted strings, ==, !=, &&, ||
// and parentheses, reading each name from values. It follows GitHub's rules for those operators: string
// comparison ignores case, an empty string is false, && binds tighter than ||.
// NOTE: other operators, functions, numbers and ${{ }} wrapping are rejected, not evaluated.
func evaluateCondition(expression string, values map[string]string) (bool, error) {
	var tokens []string
	rest := strings.TrimSpace(expression)
	for rest != "" {
		m := conditionToken.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			return false, fmt.Errorf("unsupported expression at %q", rest)
		}
		tokens = append(tokens, rest[m[2]:m[3]])
		rest = strings.TrimSpace(rest[m[1]:])
	}
	p := &conditionParser{tokens: tokens, values: values}
	value, err := p.or()
	if err != nil {
		return false, err
	}
	if p.position != len(p.tokens) {
		return false, fmt.Errorf("unexpected %q in %q", p.tokens[p.position], expression)
	}
	return value != "", nil
}

// conditionParser is a recursive-descent parser that evaluates while it parses. Booleans are the
// strings "true" and "".
type conditionParser struct {
	tokens   []string
	position int
	values   map[string]string
}

func (p *conditionParser) peek() string {
	if p.position < len(p.tokens) {
		return p.tokens[p.position]
	}
	return ""
}

func (p *conditionParser) or() (string, error) {
	left, err := p.and()
	for err == nil && p.peek() == "||" {
		p.position++
		var right string
		right, err = p.and()
		left = boolString(left != "" || right != "")
	}
	return left, err
}

func (p *conditionParser) and() (string, error) {
	left, err := p.comparison()
	for err == nil && p.peek() == "&&" {
		p.position++
		var right string
		right, err = p.comparison()
		left = boolString(left != "" && right != "")
	}
	return left, err
}

func (p *conditionParser) comparison() (string, error) {
	left, err := p.operand()
	if err != nil {
		return "", err
	}
	operator := p.peek()
	if operator != "==" && operator != "!=" {
		return left, nil
	}
	p.position++
	right, err := p.operand()
	if err != nil {
		return "", err
	}
	return boolString(strings.EqualFold(left, right) == (operator == "==")), nil
}

func (p *conditionParser) operand() (string, error) {
	token := p.peek()
	p.position++
	switch {
	case token == "":
		return "", fmt.Errorf("missing operand at the end")
	case token == "(":
		value, err := p.or()
		if err != nil {
			return "", err
		}
		if p.peek() != ")" {
			return "", fmt.Errorf("missing ) before %q", p.peek())
		}
		p.position++
		return value, nil
	case strings.HasPrefix(token, "'"):
		return strings.ReplaceAll(token[1:len(token)-1], "''", "'"), nil
	case token == "==" || token == "!=" || token == "&&" || token == "||" || token == ")":
		return "", fmt.Errorf("missing operand before %q", token)
	}
	value, ok := p.values[token]
	if !ok {
		return "", fmt.Errorf("no value for %s", token)
	}
	return value, nil
}

func boolString(value bool) string {
	if value {
		return "true"
	}
	return ""
}
