package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudFrontHSTSHeaders is the name of the stack policy that requires an HSTS header on every
// CloudFront cache behavior.
const PolicyCloudFrontHSTSHeaders = "cloudfront-hsts-headers"

// minHSTSMaxAgeSeconds is one year, the shortest max-age that the HSTS preload list accepts.
const minHSTSMaxAgeSeconds = 31536000

// newCloudFrontHSTSHeaders returns the stack policy that requires each cache behavior of a distribution
// to set responseHeadersPolicyId, and each ResponseHeadersPolicy that a distribution is built from to
// send Strict-Transport-Security with a max-age of at least a year.
//
// NOTE: a responseHeadersPolicyId given as a literal id, such as an AWS managed policy, is accepted
// without checking its headers. The engine records the dependencies of all ordered cache behaviors
// together, so the headers policies they are built from are checked as a group.
func newCloudFrontHSTSHeaders() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudFrontHSTSHeaders,
		Description: "CloudFront cache behaviors should attach a response headers policy that sends HSTS for at least a year.",
		Rationale: "Strict-Transport-Security tells browsers to use HTTPS only for the domain, so a network " +
			"attacker cannot downgrade a later visit to HTTP and read or change the traffic, such as tokens in " +
			"requests to the API.",
		RemediationSteps: "Create a ResponseHeadersPolicy with securityHeadersConfig.strictTransportSecurity " +
			"(accessControlMaxAgeSec of at least 31536000, override true) and set responseHeadersPolicyId on the " +
			"default and every ordered cache behavior.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cloudfront", "encryption-in-transit", tagHIPAA + "164.312(e)(1)", tagPCI + "4.1"},
		Framework:        hipaaControl("164.312(e)(1)", "Transmission security"),
		Waivable:         true,
		ResourceTypes:    []string{typeCloudFrontDistribution, typeCloudFrontResponseHeadersPolicy},
		ValidateStack:    validateCloudFrontHSTSHeaders,
	}
}

func validateCloudFrontHSTSHeaders(_ context.Context, check *pack.StackCheck) error {
	headersPolicies := check.OfType(typeCloudFrontResponseHeadersPolicy)
	checked := map[string]bool{}

	for _, distribution := range check.OfType(typeCloudFrontDistribution) {
		behaviors := []struct {
			path  string
			value property.Value
		}{{"defaultCacheBehavior", distribution.Properties.Get("defaultCacheBehavior")}}
		ordered := distribution.Properties.Get("orderedCacheBehaviors")
		if ordered.IsComputed() {
			check.Unknown(distribution, "orderedCacheBehaviors")
		}
		elements, _ := arrayValue(ordered)
		for i, element := range elements {
			behaviors = append(behaviors, struct {
				path  string
				value property.Value
			}{indexedPath("orderedCacheBehaviors", i), element})
		}

		for _, behavior := range behaviors {
			id := valueAt(behavior.value, "responseHeadersPolicyId")
			if behavior.value.IsComputed() || id.IsComputed() {
				if !builtFromHeadersPolicy(distribution, behavior.path, headersPolicies) {
					check.Unknown(distribution, behavior.path+".responseHeadersPolicyId")
				}
				continue
			}
			if behavior.value.IsNull() {
				continue
			}
			if !isSetString(id) {
				check.Report(distribution, "%s.responseHeadersPolicyId is not set, expected a response headers "+
					"policy that sends Strict-Transport-Security.", behavior.path)
			}
		}

		for _, headersPolicy := range headersPolicies {
			if checked[headersPolicy.URN] || !dependsOnAny(distribution, headersPolicy.URN) {
				continue
			}
			checked[headersPolicy.URN] = true
			checkHSTSHeader(check, headersPolicy)
		}
	}
	return nil
}

// builtFromHeadersPolicy reports whether the distribution's property was built from a response
// headers policy of the stack.
func builtFromHeadersPolicy(distribution pack.Resource, path string, headersPolicies []pack.Resource) bool {
	key := "orderedCacheBehaviors"
	if path == "defaultCacheBehavior" {
		key = path
	}
	return slices.ContainsFunc(headersPolicies, func(headersPolicy pack.Resource) bool {
		return slices.Contains(distribution.PropertyDependencies[key], headersPolicy.URN)
	})
}

// dependsOnAny reports whether a cache behavior property of the distribution was built from urn.
func dependsOnAny(distribution pack.Resource, urn string) bool {
	return slices.Contains(distribution.PropertyDependencies["defaultCacheBehavior"], urn) ||
		slices.Contains(distribution.PropertyDependencies["orderedCacheBehaviors"], urn)
}

// checkHSTSHeader reports a response headers policy without Strict-Transport-Security or with a
// max-age shorter than a year.
func checkHSTSHeader(check *pack.StackCheck, headersPolicy pack.Resource) {
	const hstsPath = "securityHeadersConfig.strictTransportSecurity"
	hsts := propertyAt(headersPolicy.Properties, "securityHeadersConfig", "strictTransportSecurity")
	if hsts.IsComputed() {
		check.Unknown(headersPolicy, hstsPath)
		return
	}
	if hsts.IsNull() {
		check.Report(headersPolicy, "%s is not set, expected Strict-Transport-Security with a max-age of at least "+
			"%d seconds.", hstsPath, minHSTSMaxAgeSeconds)
		return
	}
	maxAge := valueAt(hsts, "accessControlMaxAgeSec")
	if maxAge.IsComputed() {
		check.Unknown(headersPolicy, hstsPath+".accessControlMaxAgeSec")
		return
	}
	if seconds, ok := numberValue(maxAge); !ok || seconds < minHSTSMaxAgeSeconds {
		check.Report(headersPolicy, "%s.accessControlMaxAgeSec is %s, expected at least %d seconds.", hstsPath,
			describeValue(maxAge), minHSTSMaxAgeSeconds)
	}
}
