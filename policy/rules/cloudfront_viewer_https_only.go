package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudFrontViewerHTTPSOnly is the name of the policy that rejects CloudFront cache behaviours
// that serve plain HTTP.
const PolicyCloudFrontViewerHTTPSOnly = "cloudfront-viewer-https-only"

// httpsViewerProtocolPolicies are the viewerProtocolPolicy values that never serve content over HTTP.
var httpsViewerProtocolPolicies = []string{"redirect-to-https", "https-only"}

// newCloudFrontViewerHTTPSOnly returns the policy that guards distributions against serving content
// over plain HTTP. It checks the default cache behaviour and every ordered cache behaviour.
func newCloudFrontViewerHTTPSOnly() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudFrontViewerHTTPSOnly,
		Description: "CloudFront cache behaviours must redirect HTTP to HTTPS or accept HTTPS only.",
		Rationale: "With viewerProtocolPolicy allow-all, CloudFront serves content and accepts requests, with " +
			"their cookies and tokens, over plain HTTP, where anyone on the network path can read and change them.",
		RemediationSteps: "Set viewerProtocolPolicy to \"redirect-to-https\" or \"https-only\" on the default " +
			"cache behaviour and on every ordered cache behaviour.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudfront", "encryption-in-transit", tagHIPAA + "164.312(e)(1)", tagPCI + "4.1"},
			withPrefix(tagCheckov, "CKV_AWS_34"),
			withPrefix(tagComplianceReady, "cloudfront-distribution-disallow-unencrypted-traffic"),
		),
		Framework:        hipaaControl("164.312(e)(1)", "Transmission security"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudFrontDistribution},
		ValidateResource: validateCloudFrontViewerHTTPSOnly,
	}
}

func validateCloudFrontViewerHTTPSOnly(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	checkViewerProtocolPolicy(check, "defaultCacheBehavior", props.Get("defaultCacheBehavior"))

	ordered := props.Get("orderedCacheBehaviors")
	if !check.Known("orderedCacheBehaviors", ordered) {
		return nil
	}
	behaviors, _ := arrayValue(ordered)
	for i, behavior := range behaviors {
		checkViewerProtocolPolicy(check, indexedPath("orderedCacheBehaviors", i), behavior)
	}
	return nil
}

// checkViewerProtocolPolicy reports a cache behaviour, named path in messages, that serves HTTP.
func checkViewerProtocolPolicy(check *pack.ResourceCheck, path string, behavior property.Value) {
	policy := valueAt(behavior, "viewerProtocolPolicy")
	if !check.Known(path+".viewerProtocolPolicy", policy) {
		return
	}
	if value, _ := stringValue(policy); !slices.Contains(httpsViewerProtocolPolicies, value) {
		check.Report("%s.viewerProtocolPolicy is %s, expected \"redirect-to-https\" or \"https-only\".",
			path, describeValue(policy))
	}
}
