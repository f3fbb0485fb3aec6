package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayDomainTLS12 is the name of the policy that requires TLS 1.2 on API Gateway custom
// domains.
const PolicyAPIGatewayDomainTLS12 = "apigateway-domain-tls12"

// newAPIGatewayDomainTLS12 returns the policy that guards API Gateway custom domain names against
// TLS 1.0 and 1.1. The security policy must be set explicitly, because the provider detects drift of
// securityPolicy only when the program sets it.
//
// NOTE: pulumi-aws v6 accepts only TLS_1_0 and TLS_1_2. Newer security policy names need to be added
// here once the provider accepts them.
func newAPIGatewayDomainTLS12() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayDomainTLS12,
		Description: "API Gateway custom domain names must use the TLS_1_2 security policy.",
		Rationale: "The TLS_1_0 security policy accepts TLS 1.0 and 1.1, which are deprecated (RFC 8996) and " +
			"allow weaker cipher suites for connections that carry tokens and personal data.",
		RemediationSteps: "Set securityPolicy to \"TLS_1_2\" on the DomainName.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "encryption-in-transit", tagHIPAA + "164.312(e)(1)", tagPCI + "4.1"},
			withPrefix(tagCheckov, "CKV_AWS_206"),
			withPrefix(tagComplianceReady, "apigateway-domainname-configure-security-policy"),
		),
		Framework:        pciControl("4.1", "Use strong cryptography and security protocols over open, public networks"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayDomainName},
		ValidateResource: validateAPIGatewayDomainTLS12,
	}
}

func validateAPIGatewayDomainTLS12(_ context.Context, check *pack.ResourceCheck) error {
	policy := check.Resource.Properties.Get("securityPolicy")
	if !check.Known("securityPolicy", policy) {
		return nil
	}

	if value, _ := stringValue(policy); value != "TLS_1_2" {
		check.Report("securityPolicy is %s, expected \"TLS_1_2\".", describeValue(policy))
	}
	return nil
}
