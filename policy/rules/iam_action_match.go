package rules

import (
	"path"
	"strings"
)

// actionMatches reports whether the IAM action pattern of a statement, such as "iam:Put*", grants the
// named action, such as "iam:PutRolePolicy". IAM compares actions case-insensitively, and "*" and "?"
// are its only wildcards, which path.Match treats the same way for names without "/".
func actionMatches(pattern, action string) bool {
	matched, err := path.Match(strings.ToLower(pattern), strings.ToLower(action))
	return err == nil && matched
}

// matchingActions returns the actions of table that one of the statement's action patterns grants, in
// table order. An entry of table may itself end in "*", such as "ec2:Describe*"; it matches a pattern
// that equals it or that the entry covers.
func matchingActions(patterns []string, table []string) []string {
	var found []string
	for _, action := range table {
		for _, pattern := range patterns {
			if actionMatches(pattern, action) || actionMatches(action, pattern) {
				found = append(found, action)
				break
			}
		}
	}
	return found
}

// coveredByActions reports whether every action pattern of the statement is one that table covers,
// such as "ec2:DescribeSubnets" under "ec2:Describe*".
func coveredByActions(patterns []string, table []string) bool {
	if len(patterns) == 0 {
		return false
	}
	for _, pattern := range patterns {
		covered := false
		for _, entry := range table {
			if actionMatches(entry, pattern) {
				covered = true
				break
			}
		}
		if !covered {
			return false
		}
	}
	return true
}
