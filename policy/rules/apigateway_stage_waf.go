package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayStageWAF is the name of the stack policy that requires a WAF web ACL on REST API
// stages.
const PolicyAPIGatewayStageWAF = "apigateway-stage-waf"

// webACLAssociationJoin finds the web ACL association of a stage, whose resourceArn is the stage's ARN.
var webACLAssociationJoin = siblingJoin{
	siblingTypes: []string{typeWAFv2WebACLAssociation},
	property:     "resourceArn",
	targetKeys:   []string{"arn"},
}

// newAPIGatewayStageWAF returns the stack policy that requires each REST API stage to have a WAFv2
// WebAclAssociation. A private API, or one behind a CloudFront distribution with its own web ACL, may
// not need one, so the policy is advisory in the baseline profile and mandatory in the pci profile,
// whose requirement 6.6 requires a web application firewall in front of public web applications.
func newAPIGatewayStageWAF() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayStageWAF,
		Description: "API Gateway REST API stages should have a WAFv2 web ACL associated.",
		Rationale: "A web ACL in front of the API blocks common exploits, known bad inputs and request floods " +
			"before they reach the authorizer and the functions, and before they cost anything.",
		RemediationSteps: "Add a WebAclAssociation whose resourceArn is the stage's ARN and whose webAclArn is a " +
			"REGIONAL web ACL with managed rule groups and a rate-based rule.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "wafv2", "network", tagPCI + "6.6"},
			withPrefix(tagCheckov, "CKV2_AWS_29", "CKV2_AWS_77"),
			withPrefix(tagCDKNag, "AwsSolutions-APIG3", "APIGWAssociatedWithWAF"),
		),
		Framework:     pciControl("6.6", "Protect public-facing web applications against known attacks"),
		Waivable:      true,
		Profiles:      map[pack.Profile]pack.EnforcementLevel{pack.ProfilePCI: pack.EnforcementLevelMandatory},
		ResourceTypes: []string{typeAPIGatewayStage},
		ValidateStack: validateAPIGatewayStageWAF,
	}
}

func validateAPIGatewayStageWAF(_ context.Context, check *pack.StackCheck) error {
	for _, stage := range missingSiblings(check, check.OfType(typeAPIGatewayStage), webACLAssociationJoin) {
		check.Report(stage, "no %s has resourceArn set to this stage, expected one that associates a web ACL.",
			typeWAFv2WebACLAssociation)
	}
	return nil
}
