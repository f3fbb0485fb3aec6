package infra

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// APIFirewallType is the type token of the web ACL component of the API.
const APIFirewallType = "secureserverless:api:Firewall"

// Names of the web ACL's own rules. Every rule's CloudWatch metric name equals its rule name, and a
// managed rule group's rule is named after the group, such as "AWSManagedRulesCommonRuleSet".
const (
	FirewallOriginVerifyRule = "origin-verify"
	FirewallRateLimitRule    = "rate-limit"
	FirewallBodySizeRule     = "body-size-limit"
)

// AWS managed rule groups of every web ACL, in priority order.
const (
	CommonRuleSet     = "AWSManagedRulesCommonRuleSet"
	KnownBadInputsSet = "AWSManagedRulesKnownBadInputsRuleSet"
	IPReputationList  = "AWSManagedRulesAmazonIpReputationList"
	managedRuleVendor = "AWS"
)

// DefaultFirewallRuleGroups are the AWS managed rule groups that APIFirewallArgs.ManagedRuleGroups adds to.
var DefaultFirewallRuleGroups = []string{CommonRuleSet, KnownBadInputsSet, IPReputationList}

// Defaults of APIFirewallArgs. A zero field means the default.
const (
	// DefaultFirewallRateLimit is about 3 requests a second from one client address, kept up for the whole
	// window. Clients behind one NAT address share it.
	DefaultFirewallRateLimit = 1000
	// DefaultFirewallRateWindowSeconds is the evaluation window WAF uses when none is set.
	DefaultFirewallRateWindowSeconds = 300
	// DefaultFirewallMaxBodyBytes is WAF's body inspection limit for API Gateway when the web ACL does not
	// raise it, so the default costs no extra inspection fees.
	DefaultFirewallMaxBodyBytes = 16 * 1024
)

// Bounds that WAF accepts for the settings of APIFirewallArgs (Terraform schema of aws_wafv2_web_acl in
// pulumi-aws v6.83.4 and the AWS WAF API reference).
const (
	MinFirewallRateLimit = 10
	MaxFirewallRateLimit = 2_000_000_000
	// MaxFirewallBodyBytes is the largest body inspection limit WAF offers for API Gateway, KB_64.
	MaxFirewallBodyBytes = 64 * 1024
	// maxWAFNameLength bounds the names of web ACLs, rules and metrics.
	maxWAFNameLength = 128
	// maxSingleHeaderName bounds the header name of a singleHeader field to match.
	maxSingleHeaderName = 40
	// commonRuleSetBodySizeRule is the rule of CommonRuleSet that blocks bodies over 8 KiB.
	commonRuleSetBodySizeRule = "SizeRestrictions_BODY"
)

// FirewallRateWindowsSeconds are the evaluation windows WAF accepts for a rate-based rule.
var FirewallRateWindowsSeconds = []int{60, 120, 300, 600}

// bodyInspectionLimits are the body inspection limits WAF offers for API Gateway, smallest first. Every
// limit above the 16 KiB default adds inspection fees for the requests with larger bodies.
var bodyInspectionLimits = []struct {
	bytes int
	value string
}{
	{16 * 1024, "KB_16"},
	{32 * 1024, "KB_32"},
	{48 * 1024, "KB_48"},
	{64 * 1024, "KB_64"},
}

// configuredRuleGroups are AWS managed rule groups that need managedRuleGroupConfigs (login paths,
// inspection level or challenge settings), which APIFirewall does not set.
var configuredRuleGroups = []string{
	"AWSManagedRulesACFPRuleSet",
	"AWSManagedRulesATPRuleSet",
	"AWSManagedRulesAntiDDoSRuleSet",
	"AWSManagedRulesBotControlRuleSet",
}

// wafName matches the names WAF accepts for web ACLs, metrics and custom response body keys.
var wafName = regexp.MustCompile(`^[0-9A-Za-z_-]+$`)

// awsManagedRuleGroup matches the names of AWS managed rule groups.
var awsManagedRuleGroup = regexp.MustCompile(`^AWSManagedRules[0-9A-Za-z]+$`)

// singleHeaderName matches a header name that a singleHeader field to match accepts before it is
// lowercased: WAF stores the name in lowercase and accepts only [0-9a-z_-].
var singleHeaderName = regexp.MustCompile(`^[0-9A-Za-z_-]+$`)

// OriginVerifyArgs configures the rule that admits only requests that came through the edge: CloudFront
// adds a secret header to every origin request, and the web ACL blocks requests without a current value.
type OriginVerifyArgs struct {
	// HeaderName is the header CloudFront adds, such as "X-Origin-Verify": at most 40 letters, digits,
	// hyphens and underscores. WAF compares header names in lowercase.
	HeaderName string
	// PatternSetArn is the ARN of a REGIONAL wafv2 RegexPatternSet that the edge component owns. Its
	// rotation function updates it with the current and the pending secret value, so both pass during a
	// rotation.
	PatternSetArn pulumi.StringInput
}

// APIFirewallArgs configures the web ACL in front of a REST API stage.
type APIFirewallArgs struct {
	// NamePrefix starts the names of the web ACL, its metric and its log group, such as
	// "secure-serverless-dev": at most 124 letters, digits, hyphens and underscores.
	NamePrefix string
	// StageArn is the Arn output of the apigateway.Stage to protect. Passing the output makes the
	// association wait for the stage, so it never runs before the stage exists.
	StageArn pulumi.StringInput
	// ManagedRuleGroups are AWS managed rule groups added after DefaultFirewallRuleGroups, by name, such as
	// "AWSManagedRulesSQLiRuleSet".
	ManagedRuleGroups []string
	// ExcludedRules maps a rule group of the web ACL to rules of that group that only count matches
	// instead of blocking, such as {"AWSManagedRulesCommonRuleSet": {"NoUserAgent_HEADER"}}.
	ExcludedRules map[string][]string
	// RateLimit is the number of requests one client address may send in one window, 10 to 2,000,000,000.
	// Defaults to DefaultFirewallRateLimit.
	RateLimit int
	// RateWindowSeconds is 60, 120, 300 or 600. Defaults to DefaultFirewallRateWindowSeconds.
	RateWindowSeconds int
	// MaxBodyBytes is the largest request body admitted, 1 to MaxFirewallBodyBytes. Defaults to
	// DefaultFirewallMaxBodyBytes. A limit above 16 KiB raises WAF's body inspection limit, which costs
	// extra for each request with a larger body.
	MaxBodyBytes int
	// LogRetentionDays is a retention period CloudWatch Logs accepts. Defaults to DefaultLogRetentionDays.
	LogRetentionDays int
	// LogsKeyArn is the KMS key that encrypts the log group "aws-waf-logs-<NamePrefix>-api". Its policy
	// must let CloudWatch Logs use it for that group.
	LogsKeyArn pulumi.StringInput
	// OriginVerify turns on the rule that admits only requests from the edge. Nil admits requests sent
	// straight to the API's regional endpoint.
	OriginVerify *OriginVerifyArgs
	// CORSAllowOrigin is the primary front-end origin, such as "https://app.example.com". When set, the
	// 413 and 429 responses of the web ACL carry it in Access-Control-Allow-Origin, so a browser reports the
	// status instead of a CORS error. Blocks by the managed rule groups stay plain 403 responses.
	CORSAllowOrigin string
}

// withDefaults fills the defaults and validates the arguments. It reports every invalid field at once.
func (args APIFirewallArgs) withDefaults(name string) (APIFirewallArgs, error) {
	if args.RateLimit == 0 {
		args.RateLimit = DefaultFirewallRateLimit
	}
	if args.RateWindowSeconds == 0 {
		args.RateWindowSeconds = DefaultFirewallRateWindowSeconds
	}
	if args.MaxBodyBytes == 0 {
		args.MaxBodyBytes = DefaultFirewallMaxBodyBytes
	}
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultLogRetentionDays
	}

	var errs []error
	invalid := func(format string, values ...any) { errs = append(errs, fmt.Errorf(format, values...)) }
	// The web ACL's name and metric name "<NamePrefix>-api" must fit WAF's limit.
	const maxNamePrefix = maxWAFNameLength - len(firewallNameSuffix)
	if !wafName.MatchString(args.NamePrefix) || len(args.NamePrefix) > maxNamePrefix {
		invalid("NamePrefix %q is invalid; use 1 to %d letters, digits, hyphens and underscores, such as "+
			"<project>-<stack>", args.NamePrefix, maxNamePrefix)
	}
	switch args.StageArn.(type) {
	case nil:
		invalid("StageArn is missing; pass the Arn output of the apigateway.Stage to protect")
	case pulumi.String:
		invalid("StageArn is the literal %q; pass the Arn output of the apigateway.Stage instead, so the "+
			"association waits until the stage exists", args.StageArn)
	}
	if args.LogsKeyArn == nil {
		invalid("LogsKeyArn is missing; pass the ARN of the KMS key that encrypts the platform's log groups")
	}
	if args.RateLimit < MinFirewallRateLimit || args.RateLimit > MaxFirewallRateLimit {
		invalid("RateLimit is %d, must be %d to %d requests per window", args.RateLimit, MinFirewallRateLimit,
			MaxFirewallRateLimit)
	}
	if !slices.Contains(FirewallRateWindowsSeconds, args.RateWindowSeconds) {
		invalid("RateWindowSeconds is %d, must be one of %v", args.RateWindowSeconds, FirewallRateWindowsSeconds)
	}
	if args.MaxBodyBytes < 1 || args.MaxBodyBytes > MaxFirewallBodyBytes {
		invalid("MaxBodyBytes is %d, must be 1 to %d, the largest body WAF inspects for API Gateway; file "+
			"bytes go straight to S3 and never through the API", args.MaxBodyBytes, MaxFirewallBodyBytes)
	}
	if !validRetentionDays(args.LogRetentionDays) {
		invalid("LogRetentionDays is %d, must be one of %v", args.LogRetentionDays, CloudWatchRetentionDays)
	}
	errs = append(errs, validateRuleGroups(args.ManagedRuleGroups)...)
	errs = append(errs, validateExcludedRules(args.ExcludedRules, args.ruleGroups())...)
	if args.OriginVerify != nil {
		errs = append(errs, args.OriginVerify.validate()...)
	}
	if args.CORSAllowOrigin != "" {
		if err := validateCORSOrigin(args.CORSAllowOrigin); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return args, fmt.Errorf("firewall %q: %w", name, errors.Join(errs...))
	}
	return args, nil
}

// ruleGroups returns the managed rule groups of the web ACL in priority order.
func (args APIFirewallArgs) ruleGroups() []string {
	return slices.Concat(DefaultFirewallRuleGroups, args.ManagedRuleGroups)
}

// bodyInspectionLimit returns the smallest body inspection limit of API Gateway that covers MaxBodyBytes.
// withDefaults has checked that one does.
func (args APIFirewallArgs) bodyInspectionLimit() string {
	for _, limit := range bodyInspectionLimits {
		if args.MaxBodyBytes <= limit.bytes {
			return limit.value
		}
	}
	return bodyInspectionLimits[len(bodyInspectionLimits)-1].value
}

// validateRuleGroups checks the extra managed rule groups.
func validateRuleGroups(groups []string) []error {
	var errs []error
	seen := map[string]bool{}
	for _, group := range DefaultFirewallRuleGroups {
		seen[group] = true
	}
	for _, group := range groups {
		switch {
		case !awsManagedRuleGroup.MatchString(group) || len(group) > maxWAFNameLength:
			errs = append(errs, fmt.Errorf("ManagedRuleGroups has %q; name an AWS managed rule group, such as "+
				"\"AWSManagedRulesSQLiRuleSet\"", group))
		case slices.Contains(configuredRuleGroups, group):
			errs = append(errs, fmt.Errorf("ManagedRuleGroups has %q, which needs managedRuleGroupConfigs that "+
				"this component does not set; remove it or add it to the edge's web ACL", group))
		case seen[group]:
			errs = append(errs, fmt.Errorf("ManagedRuleGroups has %q twice or names a default group; %s are "+
				"always present, so list each other group once", group, strings.Join(DefaultFirewallRuleGroups, ", ")))
		}
		seen[group] = true
	}
	return errs
}

// validateExcludedRules checks that every excluded rule belongs to a rule group of the web ACL.
func validateExcludedRules(excluded map[string][]string, groups []string) []error {
	var errs []error
	for _, group := range slices.Sorted(maps.Keys(excluded)) {
		if !slices.Contains(groups, group) {
			errs = append(errs, fmt.Errorf("ExcludedRules names the rule group %q, which the web ACL does not "+
				"have; use one of %s", group, strings.Join(groups, ", ")))
			continue
		}
		seen := map[string]bool{}
		for _, rule := range excluded[group] {
			if !wafName.MatchString(rule) || len(rule) > maxWAFNameLength {
				errs = append(errs, fmt.Errorf("ExcludedRules[%q] has %q; use the rule's name as the rule group "+
					"lists it, such as \"NoUserAgent_HEADER\"", group, rule))
				continue
			}
			if seen[rule] {
				errs = append(errs, fmt.Errorf("ExcludedRules[%q] has %q twice; list each rule once", group, rule))
			}
			seen[rule] = true
		}
	}
	return errs
}

// validate checks the origin verification settings.
func (verify OriginVerifyArgs) validate() []error {
	var errs []error
	if !singleHeaderName.MatchString(verify.HeaderName) || len(verify.HeaderName) > maxSingleHeaderName {
		errs = append(errs, fmt.Errorf("OriginVerify.HeaderName %q is invalid; use 1 to %d letters, digits, "+
			"hyphens and underscores, such as \"X-Origin-Verify\"", verify.HeaderName, maxSingleHeaderName))
	}
	if verify.PatternSetArn == nil {
		errs = append(errs, errors.New("OriginVerify.PatternSetArn is missing; pass the Arn output of the "+
			"edge's REGIONAL wafv2 RegexPatternSet"))
	}
	return errs
}

// validateCORSOrigin accepts an https origin without path, query or wildcard, or an http origin on
// localhost for development.
func validateCORSOrigin(origin string) error {
	invalid := fmt.Errorf("CORSAllowOrigin %q is invalid; use one origin without path or wildcard, such as "+
		"https://app.example.com (http only for localhost)", origin)
	parsed, err := url.Parse(origin)
	if err != nil || parsed.Host == "" || parsed.User != nil || strings.Contains(origin, "*") ||
		(parsed.Path != "" && parsed.Path != "/") || parsed.RawQuery != "" || parsed.Fragment != "" ||
		strings.HasSuffix(origin, "/") {
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
