package program

import (
	"fmt"
	"slices"
	"strings"

	"github.com/secureserverless/framework/infra"
)

// threatProtectionAuto is the authThreatProtection value that means ENFORCED with the PLUS feature
// plan and OFF with the others.
const threatProtectionAuto = "auto"

var (
	authMfaModes          = []string{infra.MFAOn, infra.MFAOptional}
	authThreatProtections = append([]string{threatProtectionAuto}, infra.ThreatProtectionModes...)
)

// validateAuth checks the settings of the Cognito user pool and its web client.
func (c Config) validateAuth(namespace string) []error {
	var errs []error
	check := func(ok bool, key string, value any, accepted string) {
		if !ok {
			errs = append(errs, &ConfigError{Key: namespace + ":" + key, Value: fmt.Sprint(value), Accepted: accepted})
		}
	}
	check(c.AuthPasswordMinimumLength >= infra.MinPasswordLength && c.AuthPasswordMinimumLength <= infra.MaxPasswordLength,
		"authPasswordMinimumLength", c.AuthPasswordMinimumLength,
		fmt.Sprintf("%d to %d characters", infra.MinPasswordLength, infra.MaxPasswordLength))
	check(c.AuthTemporaryPasswordDays >= 1 && c.AuthTemporaryPasswordDays <= infra.MaxTemporaryPasswordValidityDays,
		"authTemporaryPasswordDays", c.AuthTemporaryPasswordDays,
		fmt.Sprintf("1 to %d days", infra.MaxTemporaryPasswordValidityDays))
	check(slices.Contains(authMfaModes, c.AuthMfa), "authMfa", c.AuthMfa, strings.Join(authMfaModes, ", "))
	check(slices.Contains(infra.FeaturePlans, c.AuthFeaturePlan), "authFeaturePlan", c.AuthFeaturePlan,
		strings.Join(infra.FeaturePlans, ", "))
	switch {
	case !slices.Contains(authThreatProtections, c.AuthThreatProtection):
		check(false, "authThreatProtection", c.AuthThreatProtection, strings.Join(authThreatProtections, ", "))
	case c.AuthThreatProtection == infra.ThreatProtectionAudit || c.AuthThreatProtection == infra.ThreatProtectionEnforced:
		check(c.AuthFeaturePlan == infra.FeaturePlanPlus, "authThreatProtection", c.AuthThreatProtection,
			fmt.Sprintf("%s or %s while %s:authFeaturePlan is %s, because threat protection needs the %s "+
				"feature plan; set authFeaturePlan to %s or authThreatProtection to %s",
				threatProtectionAuto, infra.ThreatProtectionOff, namespace, c.AuthFeaturePlan, infra.FeaturePlanPlus,
				infra.FeaturePlanPlus, infra.ThreatProtectionOff))
	}

	for _, group := range c.AuthGroups {
		check(infra.ValidateGroupName(group) == nil && group != infra.AdminGroup && group != infra.UserGroup,
			"authGroups", group, "names of at most 128 lowercase letters, digits, hyphens and underscores "+
				"that start with a letter, other than admin and user, which always exist")
	}
	redirectURLs := "absolute https URLs without fragment or wildcard, such as https://app.example.com/callback " +
		"(http only for localhost)"
	for _, callback := range c.AuthCallbackUrls {
		check(infra.ValidateAuthRedirectURL(callback) == nil, "authCallbackUrls", callback, redirectURLs)
	}
	for _, logout := range c.AuthLogoutUrls {
		check(infra.ValidateAuthRedirectURL(logout) == nil, "authLogoutUrls", logout, redirectURLs)
	}
	check(len(c.AuthLogoutUrls) == 0 || len(c.AuthCallbackUrls) > 0, "authLogoutUrls",
		strings.Join(c.AuthLogoutUrls, ","), "an empty list while authCallbackUrls is empty")

	tokenMinutes := fmt.Sprintf("%d to %d minutes", infra.MinTokenMinutes, infra.MaxTokenMinutes)
	check(c.AuthAccessTokenMinutes >= infra.MinTokenMinutes && c.AuthAccessTokenMinutes <= infra.MaxTokenMinutes,
		"authAccessTokenMinutes", c.AuthAccessTokenMinutes, tokenMinutes)
	check(c.AuthIDTokenMinutes >= infra.MinTokenMinutes && c.AuthIDTokenMinutes <= infra.MaxTokenMinutes,
		"authIdTokenMinutes", c.AuthIDTokenMinutes, tokenMinutes)
	check(c.AuthRefreshTokenHours >= 1 && c.AuthRefreshTokenHours <= infra.MaxRefreshTokenHours &&
		c.AuthRefreshTokenHours*60 >= max(c.AuthAccessTokenMinutes, c.AuthIDTokenMinutes),
		"authRefreshTokenHours", c.AuthRefreshTokenHours,
		fmt.Sprintf("1 to %d hours, and no shorter than the access and ID tokens", infra.MaxRefreshTokenHours))

	if c.AuthResourceServerIdentifier == "" {
		check(len(c.AuthResourceServerScopes) == 0, "authResourceServerScopes",
			strings.Join(c.AuthResourceServerScopes, ","), "an empty list while authResourceServerIdentifier is empty")
	} else {
		check(len(c.AuthResourceServerIdentifier) <= 256 && !strings.ContainsAny(c.AuthResourceServerIdentifier, " \t\n\"\\"),
			"authResourceServerIdentifier", c.AuthResourceServerIdentifier,
			"at most 256 characters without spaces, quotes or backslashes, such as https://api.example.com")
		check(len(c.AuthResourceServerScopes) > 0, "authResourceServerScopes", "[]",
			"at least one scope, such as files.read, while authResourceServerIdentifier is set")
		for _, scope := range c.AuthResourceServerScopes {
			check(infra.ValidateScopeName(scope) == nil, "authResourceServerScopes", scope,
				"scope names of 1 to 256 letters, digits, dots, colons, hyphens and underscores")
		}
	}
	if c.AuthDomainPrefix != "" {
		check(infra.ValidateDomainPrefix(c.AuthDomainPrefix) == nil, "authDomainPrefix", c.AuthDomainPrefix,
			"1 to 63 lowercase letters, digits and inner hyphens without aws, amazon or cognito, or empty for no "+
				"hosted UI domain")
	}
	return errs
}

// authArgs returns the arguments of the Cognito user pool and its web client.
func (c Config) authArgs() infra.AuthArgs {
	args := infra.AuthArgs{
		PasswordMinimumLength:         c.AuthPasswordMinimumLength,
		TemporaryPasswordValidityDays: c.AuthTemporaryPasswordDays,
		MFA:                           c.AuthMfa,
		FeaturePlan:                   c.AuthFeaturePlan,
		AllowSelfSignUp:               c.AuthSelfSignUp,
		ExtraGroups:                   c.AuthGroups,
		CallbackURLs:                  c.AuthCallbackUrls,
		LogoutURLs:                    c.AuthLogoutUrls,
		AccessTokenMinutes:            c.AuthAccessTokenMinutes,
		IDTokenMinutes:                c.AuthIDTokenMinutes,
		RefreshTokenHours:             c.AuthRefreshTokenHours,
		ResourceServer: infra.AuthResourceServer{
			Identifier: c.AuthResourceServerIdentifier,
			Scopes:     c.AuthResourceServerScopes,
		},
		DomainPrefix: c.AuthDomainPrefix,
		Protect:      c.ProtectData,
	}
	if c.AuthThreatProtection != threatProtectionAuto {
		args.ThreatProtection = c.AuthThreatProtection
	}
	return args
}
