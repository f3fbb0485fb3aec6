package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayStageXRayTracing is the name of the policy that recommends X-Ray tracing on REST API
// stages.
const PolicyAPIGatewayStageXRayTracing = "apigateway-stage-xray-tracing"

// newAPIGatewayStageXRayTracing returns the policy that checks xrayTracingEnabled on a stage.
func newAPIGatewayStageXRayTracing() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayStageXRayTracing,
		Description: "API Gateway stages should have X-Ray tracing enabled.",
		Rationale: "Traces tie each request to the authorizer, integration and Lambda calls it caused, which " +
			"an investigation of a suspicious request needs next to the access log.",
		RemediationSteps: "Set xrayTracingEnabled to true on the Stage.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "monitoring", tagHIPAA + "164.312(b)"},
			withPrefix(tagCheckov, "CKV_AWS_73"),
			withPrefix(tagCDKNag, "APIGWXrayEnabled"),
		),
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayStage},
		ValidateResource: validateAPIGatewayStageXRayTracing,
	}
}

func validateAPIGatewayStageXRayTracing(_ context.Context, check *pack.ResourceCheck) error {
	tracing := check.Resource.Properties.Get("xrayTracingEnabled")
	if !check.Known("xrayTracingEnabled", tracing) {
		return nil
	}
	if enabled, _ := boolValue(tracing); !enabled {
		check.Report("xrayTracingEnabled is %s, expected true.", describeValue(tracing))
	}
	return nil
}
