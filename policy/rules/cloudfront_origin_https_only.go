package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudFrontOriginHTTPSOnly is the name of the policy that requires HTTPS with TLS 1.2 from
// CloudFront to custom origins.
const PolicyCloudFrontOriginHTTPSOnly = "cloudfront-origin-https-only"

// outdatedOriginSSLProtocols are the originSslProtocols values older than TLS 1.2.
var outdatedOriginSSLProtocols = []string{"SSLv3", "TLSv1", "TLSv1.1"}

// newCloudFrontOriginHTTPSOnly returns the policy that guards the connections from CloudFront to custom
// origins, such as API Gateway or a load balancer. Each origin with customOriginConfig must use
// originProtocolPolicy https-only and list no SSL or TLS version older than 1.2. S3 origins with
// origin access control and VPC origins are not checked here.
func newCloudFrontOriginHTTPSOnly() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudFrontOriginHTTPSOnly,
		Description: "CloudFront custom origins must be reached over HTTPS with TLS 1.2 only.",
		Rationale: "With http-only or match-viewer, CloudFront forwards requests, with their tokens and personal " +
			"data, to the origin over plain HTTP across the internet, and SSLv3, TLS 1.0 and 1.1 are broken or " +
			"deprecated.",
		RemediationSteps: "Set customOriginConfig.originProtocolPolicy to \"https-only\" and " +
			"customOriginConfig.originSslProtocols to [\"TLSv1.2\"] on every custom origin.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudfront", "encryption-in-transit", tagHIPAA + "164.312(e)(1)", tagPCI + "4.1"},
			withPrefix(tagCheckov, "CKV2_AWS_72"),
			withPrefix(tagCDKNag, "AwsSolutions-CFR5"),
			withPrefix(tagComplianceReady, "cloudfront-distribution-enable-tls-to-origin",
				"cloudfront-distribution-configure-secure-tls-to-origin"),
		),
		Framework:        hipaaControl("164.312(e)(1)", "Transmission security"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudFrontDistribution},
		ValidateResource: validateCloudFrontOriginHTTPSOnly,
	}
}

func validateCloudFrontOriginHTTPSOnly(_ context.Context, check *pack.ResourceCheck) error {
	origins := check.Resource.Properties.Get("origins")
	if !check.Known("origins", origins) {
		return nil
	}

	elements, _ := arrayValue(origins)
	for i, origin := range elements {
		path := indexedPath("origins", i) + ".customOriginConfig"
		config := valueAt(origin, "customOriginConfig")
		if !check.Known(path, config) || config.IsNull() {
			continue
		}
		checkCustomOriginConfig(check, path, config)
	}
	return nil
}

// checkCustomOriginConfig reports the protocol settings of one custom origin, named path in messages.
func checkCustomOriginConfig(check *pack.ResourceCheck, path string, config property.Value) {
	policy := valueAt(config, "originProtocolPolicy")
	if check.Known(path+".originProtocolPolicy", policy) {
		if value, _ := stringValue(policy); value != "https-only" {
			check.Report("%s.originProtocolPolicy is %s, expected \"https-only\".", path, describeValue(policy))
		}
	}

	protocols := valueAt(config, "originSslProtocols")
	if !check.Known(path+".originSslProtocols", protocols) {
		return
	}
	elements, _ := arrayValue(protocols)
	for i, protocol := range elements {
		if !check.Known(indexedPath(path+".originSslProtocols", i), protocol) {
			continue
		}
		if value, _ := stringValue(protocol); slices.Contains(outdatedOriginSSLProtocols, value) {
			check.Report("%s.originSslProtocols contains %s, expected only \"TLSv1.2\".", path, describeValue(protocol))
		}
	}
}
