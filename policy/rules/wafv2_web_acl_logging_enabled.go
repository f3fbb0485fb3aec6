package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyWAFv2WebACLLoggingEnabled is the name of the stack policy that requires logging for every web
// ACL.
const PolicyWAFv2WebACLLoggingEnabled = "wafv2-web-acl-logging-enabled"

// webACLLoggingJoin finds the logging configuration of a web ACL.
var webACLLoggingJoin = siblingJoin{
	siblingTypes: []string{typeWAFv2WebACLLoggingConfiguration},
	property:     "resourceArn",
	targetKeys:   []string{"arn"},
}

// newWAFv2WebACLLoggingEnabled returns the stack policy that requires each WAFv2 web ACL to have a
// WebAclLoggingConfiguration whose resourceArn is the web ACL.
func newWAFv2WebACLLoggingEnabled() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyWAFv2WebACLLoggingEnabled,
		Description: "WAFv2 web ACLs must have a logging configuration.",
		Rationale: "WAF logs record each request that a rule blocked, counted or allowed, with the rule that " +
			"matched. Without them, an attack on the API cannot be investigated and a rule that blocks real users " +
			"cannot be found.",
		RemediationSteps: "Add a WebAclLoggingConfiguration whose resourceArn is the web ACL's ARN, with a log group, " +
			"S3 bucket or Firehose stream whose name starts with \"aws-waf-logs-\" in logDestinationConfigs, and " +
			"redact the Authorization header and cookies.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "wafv2", "logging", tagHIPAA + "164.312(b)"},
			withPrefix(tagPCI, "10.1", "10.3.1", "10.3.2", "10.3.3", "10.3.4", "10.3.5", "10.3.6", "10.5.4"),
			withPrefix(tagCheckov, "CKV2_AWS_31"),
			withPrefix(tagCDKNag, "WAFv2LoggingEnabled"),
		),
		Framework:     hipaaControl("164.312(b)", "Audit controls"),
		Waivable:      true,
		ResourceTypes: []string{typeWAFv2WebACL},
		ValidateStack: validateWAFv2WebACLLoggingEnabled,
	}
}

func validateWAFv2WebACLLoggingEnabled(_ context.Context, check *pack.StackCheck) error {
	for _, acl := range missingSiblings(check, check.OfType(typeWAFv2WebACL), webACLLoggingJoin) {
		check.Report(acl, "no %s has resourceArn set to this web ACL, expected one that sends its logs to a "+
			"log destination.", typeWAFv2WebACLLoggingConfiguration)
	}
	return nil
}
