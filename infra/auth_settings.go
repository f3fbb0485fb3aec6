package infra

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Bounds that Cognito accepts for the settings of AuthArgs. MinPasswordLength is the policy pack's
// floor of 8, although Cognito accepts 6.
const (
	MinPasswordLength                = 8
	MaxPasswordLength                = 99
	MaxTemporaryPasswordValidityDays = 365
	MinTokenMinutes                  = 5
	MaxTokenMinutes                  = 1440
	MaxRefreshTokenHours             = 87600
)

// groupName matches the group names the functions compare with the cognito:groups claim.
var groupName = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,127}$`)

// scopeName matches a scope name of letters, digits, dots, colons, hyphens and underscores. Cognito
// accepts more printable characters, but these are enough and never need escaping.
var scopeName = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,256}$`)

// domainPrefix matches a hosted UI domain prefix of lowercase letters, digits and inner hyphens.
var domainPrefix = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// reservedDomainWords may not appear in a hosted UI domain prefix.
var reservedDomainWords = []string{"aws", "amazon", "cognito"}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args AuthArgs) withDefaults(name string) (AuthArgs, error) {
	if args.PasswordMinimumLength == 0 {
		args.PasswordMinimumLength = DefaultPasswordMinimumLength
	}
	if args.TemporaryPasswordValidityDays == 0 {
		args.TemporaryPasswordValidityDays = DefaultTemporaryPasswordValidityDays
	}
	if args.MFA == "" {
		args.MFA = DefaultMFA
	}
	if args.FeaturePlan == "" {
		args.FeaturePlan = DefaultFeaturePlan
	}
	if args.ThreatProtection == "" {
		args.ThreatProtection = ThreatProtectionOff
		if args.FeaturePlan == FeaturePlanPlus {
			args.ThreatProtection = ThreatProtectionEnforced
		}
	}
	if args.AccessTokenMinutes == 0 {
		args.AccessTokenMinutes = DefaultAccessTokenMinutes
	}
	if args.IDTokenMinutes == 0 {
		args.IDTokenMinutes = DefaultIDTokenMinutes
	}
	if args.RefreshTokenHours == 0 {
		args.RefreshTokenHours = DefaultRefreshTokenHours
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	if args.NamePrefix == "" {
		invalid("NamePrefix is empty; set it to <project>-<stack>")
	}
	if args.PasswordMinimumLength < MinPasswordLength || args.PasswordMinimumLength > MaxPasswordLength {
		invalid("PasswordMinimumLength is %d, must be %d to %d", args.PasswordMinimumLength,
			MinPasswordLength, MaxPasswordLength)
	}
	if args.TemporaryPasswordValidityDays < 1 || args.TemporaryPasswordValidityDays > MaxTemporaryPasswordValidityDays {
		invalid("TemporaryPasswordValidityDays is %d, must be 1 to %d", args.TemporaryPasswordValidityDays,
			MaxTemporaryPasswordValidityDays)
	}
	if args.MFA != MFAOn && args.MFA != MFAOptional {
		invalid("MFA %q is invalid; use %s or %s", args.MFA, MFAOn, MFAOptional)
	}
	if !slices.Contains(FeaturePlans, args.FeaturePlan) {
		invalid("FeaturePlan %q is invalid; use %s", args.FeaturePlan, strings.Join(FeaturePlans, ", "))
	}
	switch {
	case !slices.Contains(ThreatProtectionModes, args.ThreatProtection):
		invalid("ThreatProtection %q is invalid; use %s", args.ThreatProtection,
			strings.Join(ThreatProtectionModes, ", "))
	case args.ThreatProtection != ThreatProtectionOff && args.FeaturePlan != FeaturePlanPlus:
		invalid("ThreatProtection %s needs FeaturePlan %s, but FeaturePlan is %s; set FeaturePlan to %s "+
			"or ThreatProtection to %s", args.ThreatProtection, FeaturePlanPlus, args.FeaturePlan,
			FeaturePlanPlus, ThreatProtectionOff)
	}
	errs = append(errs, validateGroups(args.ExtraGroups)...)
	for _, callback := range args.CallbackURLs {
		if err := ValidateAuthRedirectURL(callback); err != nil {
			errs = append(errs, fmt.Errorf("CallbackURLs: %w", err))
		}
	}
	for _, logout := range args.LogoutURLs {
		if err := ValidateAuthRedirectURL(logout); err != nil {
			errs = append(errs, fmt.Errorf("LogoutURLs: %w", err))
		}
	}
	if len(args.LogoutURLs) > 0 && len(args.CallbackURLs) == 0 {
		invalid("LogoutURLs is set without CallbackURLs; the OAuth flows, and with them sign-out " +
			"redirects, need at least one callback URL")
	}
	if args.AccessTokenMinutes < MinTokenMinutes || args.AccessTokenMinutes > MaxTokenMinutes {
		invalid("AccessTokenMinutes is %d, must be %d to %d", args.AccessTokenMinutes, MinTokenMinutes,
			MaxTokenMinutes)
	}
	if args.IDTokenMinutes < MinTokenMinutes || args.IDTokenMinutes > MaxTokenMinutes {
		invalid("IDTokenMinutes is %d, must be %d to %d", args.IDTokenMinutes, MinTokenMinutes, MaxTokenMinutes)
	}
	if args.RefreshTokenHours < 1 || args.RefreshTokenHours > MaxRefreshTokenHours {
		invalid("RefreshTokenHours is %d, must be 1 to %d", args.RefreshTokenHours, MaxRefreshTokenHours)
	}
	if args.RefreshTokenHours*60 < max(args.AccessTokenMinutes, args.IDTokenMinutes) {
		invalid("RefreshTokenHours is %d, shorter than the access and ID tokens; Cognito requires the "+
			"refresh token to outlive them", args.RefreshTokenHours)
	}
	errs = append(errs, args.ResourceServer.validate()...)
	if err := ValidateDomainPrefix(args.DomainPrefix); args.DomainPrefix != "" && err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("auth %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// FeaturePlans are the accepted values of AuthArgs.FeaturePlan.
var FeaturePlans = []string{FeaturePlanLite, FeaturePlanEssentials, FeaturePlanPlus}

// ThreatProtectionModes are the accepted values of AuthArgs.ThreatProtection.
var ThreatProtectionModes = []string{ThreatProtectionOff, ThreatProtectionAudit, ThreatProtectionEnforced}

// validateGroups checks the extra group names.
func validateGroups(groups []string) []error {
	var errs []error
	if len(groups) > maxExtraGroups {
		errs = append(errs, fmt.Errorf("ExtraGroups has %d groups, at most %d fit between the precedences "+
			"of %s and %s", len(groups), maxExtraGroups, AdminGroup, UserGroup))
	}
	seen := map[string]bool{AdminGroup: true, UserGroup: true}
	for _, group := range groups {
		if err := ValidateGroupName(group); err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[group] {
			errs = append(errs, fmt.Errorf("ExtraGroups has %q twice or names a built-in group; "+
				"%s and %s always exist, so list each other group once", group, AdminGroup, UserGroup))
		}
		seen[group] = true
	}
	return errs
}

// ValidateGroupName accepts a group name of lowercase letters, digits, hyphens and underscores that
// starts with a letter and has at most 128 characters.
func ValidateGroupName(group string) error {
	if !groupName.MatchString(group) {
		return fmt.Errorf("ExtraGroups has %q; use a name of at most 128 lowercase letters, digits, hyphens "+
			"and underscores that starts with a letter, such as \"auditor\"", group)
	}
	return nil
}

// ValidateAuthRedirectURL accepts an absolute https URL without a fragment, or an http URL on
// localhost, which is the only http host Cognito accepts for development.
func ValidateAuthRedirectURL(redirect string) error {
	invalid := fmt.Errorf("URL %q is invalid; use an absolute https URL without fragment or wildcard, such "+
		"as https://app.example.com/callback (http only for localhost)", redirect)
	parsed, err := url.Parse(redirect)
	if err != nil || parsed.Host == "" || parsed.Fragment != "" || parsed.User != nil ||
		strings.Contains(redirect, "*") || strings.Contains(redirect, "#") {
		return invalid
	}
	switch {
	case parsed.Scheme == "https":
		return nil
	case parsed.Scheme == "http" && parsed.Hostname() == "localhost":
		return nil
	default:
		return invalid
	}
}

// ValidateDomainPrefix accepts a hosted UI domain prefix: 1 to 63 lowercase letters, digits and inner
// hyphens, without the words Cognito reserves (aws, amazon, cognito).
func ValidateDomainPrefix(prefix string) error {
	reserved := slices.ContainsFunc(reservedDomainWords, func(word string) bool {
		return strings.Contains(prefix, word)
	})
	if !domainPrefix.MatchString(prefix) || reserved {
		return fmt.Errorf("DomainPrefix %q is invalid; use 1 to 63 lowercase letters, digits and inner "+
			"hyphens without aws, amazon or cognito, such as \"example-app-login\"", prefix)
	}
	return nil
}

// ValidateScopeName accepts a scope name of letters, digits, dots, colons, hyphens and underscores.
func ValidateScopeName(scope string) error {
	if !scopeName.MatchString(scope) {
		return fmt.Errorf("Scopes has %q; use 1 to 256 letters, digits, dots, colons, hyphens and "+
			"underscores, such as \"files.read\"", scope)
	}
	return nil
}

// validate checks the resource server. An empty Identifier means no resource server and no scopes.
func (server AuthResourceServer) validate() []error {
	var errs []error
	if server.Identifier == "" {
		if len(server.Scopes) > 0 {
			errs = append(errs, errors.New("ResourceServer.Scopes is set without Identifier; set Identifier, "+
				"such as \"https://api.example.com\", or remove the scopes"))
		}
		return errs
	}
	if len(server.Identifier) > 256 || strings.ContainsAny(server.Identifier, " \t\n\"\\") {
		errs = append(errs, fmt.Errorf("ResourceServer.Identifier %q is invalid; use at most 256 characters "+
			"without spaces, quotes or backslashes, such as \"https://api.example.com\"", server.Identifier))
	}
	if len(server.Scopes) == 0 {
		errs = append(errs, errors.New("ResourceServer.Scopes is empty; name at least one scope, such as "+
			"\"files.read\", because a resource server without scopes grants nothing"))
	}
	seen := map[string]bool{}
	for _, scope := range server.Scopes {
		if err := ValidateScopeName(scope); err != nil {
			errs = append(errs, fmt.Errorf("ResourceServer.%w", err))
			continue
		}
		if seen[scope] {
			errs = append(errs, fmt.Errorf("ResourceServer.Scopes has %q twice; list each scope once", scope))
		}
		seen[scope] = true
	}
	return errs
}
