package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudFrontViewerTLS12 is the name of the policy that requires a custom certificate and a TLS
// 1.2 security policy on CloudFront distributions.
const PolicyCloudFrontViewerTLS12 = "cloudfront-viewer-tls12"

// cloudFrontSecurityPolicies are CloudFront's viewer security policies, from oldest to newest.
//
// Source: the MinimumProtocolVersion values of the CloudFront API and the SecurityPolicyProtocol enum
// of the AWS CDK v2.221.0 (October 2025), which added TLSv1.2_2025 and TLSv1.3_2025.
var cloudFrontSecurityPolicies = []string{
	"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021",
	"TLSv1.2_2025", "TLSv1.3_2025",
}

// minimumCloudFrontSecurityPolicy is the oldest security policy that the policy accepts. The TLS 1.2
// policies before it still allow CBC cipher suites with SHA-1.
const minimumCloudFrontSecurityPolicy = "TLSv1.2_2021"

// newCloudFrontViewerTLS12 returns the policy that guards distributions against old TLS versions and
// ciphers. A distribution must use its own certificate (ACM or IAM) with SNI, because CloudFront sets
// the security policy to TLSv1 for its default certificate whatever the program requests. The security
// policy must be TLSv1.2_2021 or newer; a name the policy does not know is reported, so that a new
// AWS name is reviewed before it is accepted.
func newCloudFrontViewerTLS12() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudFrontViewerTLS12,
		Description: "CloudFront distributions must serve a custom certificate over SNI with the TLSv1.2_2021 security policy or newer.",
		Rationale: "The default *.cloudfront.net certificate forces the TLSv1 security policy, and the older " +
			"policies accept TLS 1.0 and 1.1 or weak cipher suites, which deprecated clients and downgrade attacks use.",
		RemediationSteps: "Set viewerCertificate.acmCertificateArn to an ACM certificate in us-east-1 for the " +
			"distribution's aliases, viewerCertificate.sslSupportMethod to \"sni-only\" and " +
			"viewerCertificate.minimumProtocolVersion to \"TLSv1.2_2021\" or newer.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudfront", "encryption-in-transit", tagHIPAA + "164.312(e)(1)", tagPCI + "4.1"},
			withPrefix(tagCheckov, "CKV_AWS_174", "CKV2_AWS_54", "CKV2_AWS_42"),
			withPrefix(tagCDKNag, "AwsSolutions-CFR4"),
			withPrefix(tagComplianceReady, "cloudfront-distribution-configure-secure-tls"),
		),
		Framework:        pciControl("4.1", "Use strong cryptography and security protocols over open, public networks"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudFrontDistribution},
		ValidateResource: validateCloudFrontViewerTLS12,
	}
}

func validateCloudFrontViewerTLS12(_ context.Context, check *pack.ResourceCheck) error {
	certificate := check.Resource.Properties.Get("viewerCertificate")
	if !check.Known("viewerCertificate", certificate) {
		return nil
	}

	defaultCertificate := valueAt(certificate, "cloudfrontDefaultCertificate")
	if check.Known("viewerCertificate.cloudfrontDefaultCertificate", defaultCertificate) {
		if value, _ := boolValue(defaultCertificate); value {
			check.Report("viewerCertificate.cloudfrontDefaultCertificate is true, which forces the TLSv1 security " +
				"policy, expected acmCertificateArn or iamCertificateId.")
			return nil
		}
	}

	method := valueAt(certificate, "sslSupportMethod")
	if check.Known("viewerCertificate.sslSupportMethod", method) {
		if value, _ := stringValue(method); value != "sni-only" {
			check.Report("viewerCertificate.sslSupportMethod is %s, expected \"sni-only\".", describeValue(method))
		}
	}

	version := valueAt(certificate, "minimumProtocolVersion")
	if !check.Known("viewerCertificate.minimumProtocolVersion", version) {
		return nil
	}
	name, _ := stringValue(version)
	if slices.Index(cloudFrontSecurityPolicies, name) < slices.Index(cloudFrontSecurityPolicies, minimumCloudFrontSecurityPolicy) {
		check.Report("viewerCertificate.minimumProtocolVersion is %s, expected %s or newer: %s.",
			describeValue(version), minimumCloudFrontSecurityPolicy, quoteAll(acceptedCloudFrontSecurityPolicies()))
	}
	return nil
}

// acceptedCloudFrontSecurityPolicies returns the security policies from the minimum on.
func acceptedCloudFrontSecurityPolicies() []string {
	return cloudFrontSecurityPolicies[slices.Index(cloudFrontSecurityPolicies, minimumCloudFrontSecurityPolicy):]
}
