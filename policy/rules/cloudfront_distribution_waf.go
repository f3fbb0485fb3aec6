package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudFrontDistributionWAF is the name of the policy that recommends a web ACL on CloudFront
// distributions.
const PolicyCloudFrontDistributionWAF = "cloudfront-distribution-waf"

// newCloudFrontDistributionWAF returns the policy that checks that a distribution names a WAFv2 web
// ACL. It checks that webAclId is set, and wafv2-web-acl-has-rules checks the web ACL itself.
func newCloudFrontDistributionWAF() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudFrontDistributionWAF,
		Description: "CloudFront distributions should be protected by a WAFv2 web ACL.",
		Rationale: "A distribution is a public entry point. Without a web ACL, injection payloads, known bad " +
			"inputs and request floods reach the origin unfiltered.",
		RemediationSteps: "Create a WAFv2 web ACL with scope CLOUDFRONT in us-east-1 and set the distribution's " +
			"webAclId to its ARN.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudfront", "wafv2", "network", tagPCI + "6.6"},
			withPrefix(tagCheckov, "CKV_AWS_68"),
			withPrefix(tagCDKNag, "AwsSolutions-CFR2"),
			withPrefix(tagComplianceReady, "cloudfront-distribution-configure-waf"),
		),
		Framework:        pciControl("6.6", "Protect public-facing web applications against known attacks"),
		Waivable:         true,
		Profiles:         map[pack.Profile]pack.EnforcementLevel{pack.ProfilePCI: pack.EnforcementLevelMandatory},
		ResourceTypes:    []string{typeCloudFrontDistribution},
		ValidateResource: validateCloudFrontDistributionWAF,
	}
}

func validateCloudFrontDistributionWAF(_ context.Context, check *pack.ResourceCheck) error {
	webACL := check.Resource.Properties.Get("webAclId")
	if !check.Known("webAclId", webACL) {
		return nil
	}
	if value, _ := stringValue(webACL); value == "" {
		check.Report("webAclId is %s, expected the ARN of a WAFv2 web ACL.", describeValue(webACL))
	}
	return nil
}
