package pack

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Exception waives one policy for the resources it matches. It comes from the exceptions list of
// the pack settings in the pack config. A resource matches when every pattern that the exception
// sets matches: URN, Name and Type are glob patterns where "*" matches any run of characters,
// including ":" and "/", and "?" matches one character.
type Exception struct {
	// ID names the exception in reports, such as "EXC-1". It must be unique.
	ID string `json:"id"`
	// Policy is the name of the waived policy. The policy must be waivable.
	Policy string `json:"policy"`
	// URN is a pattern for the resource's URN.
	URN string `json:"urn,omitempty"`
	// Name is a pattern for the resource's name.
	Name string `json:"name,omitempty"`
	// Type is a pattern for the resource's type token.
	Type string `json:"type,omitempty"`
	// Reason explains why the resource cannot comply. It must have at least MinimumReasonLength
	// characters and MinimumReasonWords words.
	Reason string `json:"reason"`
	// Expires is the last day (YYYY-MM-DD, UTC) on which the exception applies. After it, Configure
	// rejects the config until someone renews or removes the exception. Empty means no expiry.
	Expires string `json:"expires,omitempty"`
	// ApprovedBy names who approved the exception.
	ApprovedBy string `json:"approvedBy,omitempty"`

	urn, name, resourceType *regexp.Regexp
}

// Limits that keep an exception's reason from being a placeholder such as "tbd" or "n/a".
const (
	// MinimumReasonLength is the fewest characters a reason may have, not counting surrounding spaces.
	MinimumReasonLength = 20
	// MinimumReasonWords is the fewest words a reason may have.
	MinimumReasonWords = 3
)

// expiryLayout is the format of Exception.Expires.
const expiryLayout = time.DateOnly

// prepare validates the exception against the pack and compiles its patterns. now decides whether
// the exception has expired.
func (e *Exception) prepare(p *Pack, now time.Time) error {
	label := fmt.Sprintf("exception %q", e.ID)
	if strings.TrimSpace(e.ID) == "" {
		label = fmt.Sprintf("exception for policy %q", e.Policy)
		return fmt.Errorf("%s: id is missing: give each exception a unique id such as \"EXC-1\"", label)
	}

	policy, ok := p.Policy(e.Policy)
	switch {
	case e.Policy == "":
		return fmt.Errorf("%s: policy is missing: name the policy to waive", label)
	case !ok:
		return fmt.Errorf("%s: policy %q is not in the pack: name one of its policies", label, e.Policy)
	case !policy.Waivable:
		return fmt.Errorf("%s: policy %q cannot be waived: fix the resource instead", label, e.Policy)
	}

	if e.URN == "" && e.Name == "" && e.Type == "" {
		return fmt.Errorf("%s: set at least one of urn, name and type to select the resources", label)
	}
	e.urn, e.name, e.resourceType = globPattern(e.URN), globPattern(e.Name), globPattern(e.Type)

	reason := strings.TrimSpace(e.Reason)
	if reason == "" {
		return fmt.Errorf("%s: reason is missing: state why the resource cannot comply", label)
	}
	if len([]rune(reason)) < MinimumReasonLength || len(strings.FieldsFunc(reason, unicode.IsSpace)) < MinimumReasonWords {
		return fmt.Errorf("%s: reason %q is too short: state in at least %d characters and %d words why the "+
			"resource cannot comply", label, reason, MinimumReasonLength, MinimumReasonWords)
	}

	if e.Expires != "" {
		lastDay, err := time.Parse(expiryLayout, e.Expires)
		if err != nil {
			return fmt.Errorf("%s: expires %q is not a date: use YYYY-MM-DD", label, e.Expires)
		}
		if !now.Before(lastDay.AddDate(0, 0, 1)) {
			return fmt.Errorf("%s expired on %s: fix the resource, or renew the exception with a later expires date",
				label, e.Expires)
		}
	}
	return nil
}

// matches reports whether the exception waives policy for the resource.
func (e *Exception) matches(policy, urn, name, resourceType string) bool {
	if e.Policy != policy {
		return false
	}
	for _, check := range []struct {
		pattern *regexp.Regexp
		value   string
	}{{e.urn, urn}, {e.name, name}, {e.resourceType, resourceType}} {
		if check.pattern != nil && !check.pattern.MatchString(check.value) {
			return false
		}
	}
	return true
}

// describe returns the text that the waived violation's diagnostic starts with.
func (e *Exception) describe() string {
	var details []string
	if e.ApprovedBy != "" {
		details = append(details, "approved by "+e.ApprovedBy)
	}
	if e.Expires != "" {
		details = append(details, "expires "+e.Expires)
	} else {
		details = append(details, "no expiry")
	}
	return fmt.Sprintf("waived by exception %s (%s): %s", e.ID, strings.Join(details, ", "), strings.TrimSpace(e.Reason))
}

// globPattern compiles a glob into an anchored regular expression, or returns nil for an empty glob.
func globPattern(glob string) *regexp.Regexp {
	if glob == "" {
		return nil
	}
	var expression strings.Builder
	expression.WriteString("^")
	for _, r := range glob {
		switch r {
		case '*':
			expression.WriteString(".*")
		case '?':
			expression.WriteString(".")
		default:
			expression.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	expression.WriteString("$")
	return regexp.MustCompile(expression.String())
}
