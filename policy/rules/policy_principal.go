package rules

import (
	"encoding/json"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// Principals and caller conditions of resource-based policies: bucket, key, secret and trust policies.

// callerConditionKeys are the global condition keys that limit a statement for Principal "*" to known
// callers: an account, an organization, a principal, a VPC or VPC endpoint, or the resource that a
// service acts for.
var callerConditionKeys = []string{
	"aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths",
	"aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
	"aws:SourceVpce", "aws:SourceVpc",
}

// principalKinds are the keys of a Principal object.
const (
	principalAWS       = "AWS"
	principalService   = "Service"
	principalFederated = "Federated"
)

// principals returns the principals of the given kind in the statement's Principal element. Principal
// "*" counts as AWS "*", which IAM treats the same. An element that is not valid JSON gives none.
func (s policyStatement) principals(kind string) stringList {
	return principalsIn(s.Principal, kind)
}

func principalsIn(raw json.RawMessage, kind string) stringList {
	if len(raw) == 0 {
		return nil
	}

	var everyone string
	if err := json.Unmarshal(raw, &everyone); err == nil {
		if kind == principalAWS && everyone == "*" {
			return stringList{"*"}
		}
		return nil
	}

	var byKind map[string]stringList
	if err := json.Unmarshal(raw, &byKind); err != nil {
		return nil
	}
	return byKind[kind]
}

// allowsEveryone reports whether the statement allows every caller: Allow with Principal "*" or an AWS
// principal "*", or Allow with NotPrincipal, which covers everyone the element does not name.
func (s policyStatement) allowsEveryone() bool {
	if s.Effect != effectAllow {
		return false
	}
	return s.hasPublicPrincipal() || len(s.NotPrincipal) > 0
}

// limitsCallers reports whether the statement has a condition that limits callers through one of the
// keys. The operator must be StringEquals, StringEqualsIgnoreCase, StringLike, ArnEquals or ArnLike,
// optionally after ForAnyValue:, and at least one value must differ from "*". Negated operators,
// IfExists operators and ForAllValues: do not limit callers, because a request without the key, or
// with a value outside the list, passes them.
func (s policyStatement) limitsCallers(keys []string) bool {
	for operator, entries := range s.Condition {
		if !isLimitingOperator(operator) {
			continue
		}
		for key, values := range entries {
			if !containsFold(keys, key) {
				continue
			}
			for _, value := range values {
				if value != "*" {
					return true
				}
			}
		}
	}
	return false
}

// isLimitingOperator reports whether a request must carry a matching value of the key to pass the
// condition operator.
func isLimitingOperator(operator string) bool {
	base := strings.TrimPrefix(operator, "ForAnyValue:")
	switch base {
	case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike":
		return true
	default:
		return false
	}
}

// containsFold reports whether values contains want, ignoring case.
func containsFold(values []string, want string) bool {
	return stringList(values).containsFold(want)
}

// callerExamples are the condition keys that messages suggest for limiting callers.
var callerExamples = []string{"aws:PrincipalOrgID", "aws:SourceArn", "aws:SourceAccount", "aws:SourceVpce"}

// reportPublicStatements reports each statement of document, read from the property named name, that
// allows everyone without a condition on one of keys. examples are the keys that the message suggests.
func reportPublicStatements(
	check *pack.ResourceCheck, name string, document policyDocument, keys, examples []string,
) {
	for i, statement := range document.Statement {
		if !statement.allowsEveryone() || statement.limitsCallers(keys) {
			continue
		}
		check.Report("%s allows %s without a condition that limits callers, expected named principals or "+
			"a condition on %s.", statementPath(name, i), describePublicPrincipal(statement), describeKeys(examples))
	}
}

// describePublicPrincipal names the element that makes a statement public.
func describePublicPrincipal(statement policyStatement) string {
	if statement.hasPublicPrincipal() {
		return `Principal "*"`
	}
	return "every principal except NotPrincipal"
}

// describeKeys lists condition keys for a message, as in "aws:SourceArn, aws:SourceAccount or
// aws:PrincipalOrgID".
func describeKeys(keys []string) string {
	switch len(keys) {
	case 0:
		return ""
	case 1:
		return keys[0]
	default:
		return strings.Join(keys[:len(keys)-1], ", ") + " or " + keys[len(keys)-1]
	}
}
