package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayMethodAuthorization is the name of the policy that rejects REST API methods without
// authorization.
const PolicyAPIGatewayMethodAuthorization = "apigateway-method-authorization"

// newAPIGatewayMethodAuthorization returns the policy that guards REST API methods against anonymous
// callers. A method needs an authorization type other than NONE, or an API key. OPTIONS methods are
// exempt, because browsers send CORS preflight requests without credentials.
func newAPIGatewayMethodAuthorization() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayMethodAuthorization,
		Description: "API Gateway REST API methods other than OPTIONS must require authorization or an API key.",
		Rationale: "A method with authorization NONE and no API key lets anyone on the internet call the " +
			"integration behind it, so the function must then authenticate every request itself and pays for " +
			"every anonymous call.",
		RemediationSteps: "Set authorization to \"COGNITO_USER_POOLS\", \"CUSTOM\" or \"AWS_IAM\" with an " +
			"authorizerId where needed. Only where a method must be public, require an API key with apiKeyRequired " +
			"and a usage plan that throttles it.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "public-exposure", tagHIPAA + "164.312(d)", tagPCI + "8.1"},
			withPrefix(tagCheckov, "CKV_AWS_59", "CKV2_AWS_70"),
			withPrefix(tagCDKNag, "AwsSolutions-APIG4"),
		),
		Framework:        hipaaControl("164.312(d)", "Person or entity authentication"),
		ResourceTypes:    []string{typeAPIGatewayMethod},
		ValidateResource: validateAPIGatewayMethodAuthorization,
	}
}

func validateAPIGatewayMethodAuthorization(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	httpMethod := props.Get("httpMethod")
	authorization := props.Get("authorization")
	apiKeyRequired := props.Get("apiKeyRequired")
	methodKnown := check.Known("httpMethod", httpMethod)
	authorizationKnown := check.Known("authorization", authorization)
	if !methodKnown || !authorizationKnown {
		return nil
	}

	if method, _ := stringValue(httpMethod); strings.EqualFold(method, "OPTIONS") {
		return nil
	}
	if kind, _ := stringValue(authorization); kind != "" && !strings.EqualFold(kind, "NONE") {
		return nil
	}
	if !check.Known("apiKeyRequired", apiKeyRequired) {
		return nil
	}
	if required, _ := boolValue(apiKeyRequired); required {
		return nil
	}
	check.Report("authorization is %s and apiKeyRequired is %s, expected \"COGNITO_USER_POOLS\", \"CUSTOM\" or "+
		"\"AWS_IAM\", or apiKeyRequired true.", describeValue(authorization), describeValue(apiKeyRequired))
	return nil
}
