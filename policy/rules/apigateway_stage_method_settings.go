package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayStageMethodSettings is the name of the stack policy that requires stage-wide method
// settings on every stage and the account's API Gateway CloudWatch role.
const PolicyAPIGatewayStageMethodSettings = "apigateway-stage-method-settings"

// allMethodsPath is the methodPath of method settings that apply to every method of a stage.
const allMethodsPath = "*/*"

// newAPIGatewayStageMethodSettings returns the stack policy that requires, for each Stage, a
// MethodSettings of the same REST API and stage with methodPath "*/*", and for each API Gateway
// Account of the stack a cloudwatchRoleArn. apigateway-execution-logging and
// apigateway-method-throttling then judge the settings themselves.
//
// NOTE: the CloudWatch role is an account and region setting. When another stack, such as the account
// baseline, holds the Account resource, this stack cannot see it and the policy checks only the
// stages.
func newAPIGatewayStageMethodSettings() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayStageMethodSettings,
		Description: "API Gateway stages should have method settings for \"*/*\", and the account should set its CloudWatch role.",
		Rationale: "Execution logging, metrics and throttling apply only to the methods that a MethodSettings " +
			"covers, so a stage without settings for \"*/*\" runs without them. API Gateway writes no execution " +
			"or access logs at all until the account's CloudWatch role is set.",
		RemediationSteps: "Add a MethodSettings with the stage's restApi and stageName, methodPath \"*/*\", a " +
			"loggingLevel and throttling limits, and set cloudwatchRoleArn on the region's aws.apigateway.Account.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "apigateway", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.1"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayStage, typeAPIGatewayMethodSettings, typeAPIGatewayAccount},
		ValidateStack:    validateAPIGatewayStageMethodSettings,
	}
}

func validateAPIGatewayStageMethodSettings(_ context.Context, check *pack.StackCheck) error {
	for _, account := range check.OfType(typeAPIGatewayAccount) {
		role := account.Properties.Get("cloudwatchRoleArn")
		if !check.Known(account, "cloudwatchRoleArn", role) {
			continue
		}
		if !isSetString(role) {
			check.Report(account, "cloudwatchRoleArn is %s, expected the ARN of a role that API Gateway assumes to "+
				"write logs to CloudWatch Logs.", describeValue(role))
		}
	}

	settings := check.OfType(typeAPIGatewayMethodSettings)
	for _, stage := range check.OfType(typeAPIGatewayStage) {
		covered, known := false, true
		for _, setting := range settings {
			if !settingsOfStage(setting, stage) {
				continue
			}
			path := setting.Properties.Get("methodPath")
			if !check.Known(setting, "methodPath", path) {
				known = false
				continue
			}
			if text, _ := stringValue(path); text == allMethodsPath {
				covered = true
			}
		}
		if known && !covered {
			check.Report(stage, "no %s of this stage has methodPath %q, expected one so that logging, metrics and "+
				"throttling apply to every method.", typeAPIGatewayMethodSettings, allMethodsPath)
		}
	}
	return nil
}

// settingsOfStage reports whether a MethodSettings configures the stage: its stageName was built from
// the stage, or its stageName and restApi equal the stage's, as known values or as outputs of the same
// resources.
func settingsOfStage(setting, stage pack.Resource) bool {
	if slices.Contains(setting.PropertyDependencies["stageName"], stage.URN) {
		return true
	}
	sameValue := func(key string) bool {
		mine, theirs := setting.Properties.Get(key), stage.Properties.Get(key)
		if text, ok := stringValue(mine); ok && text != "" {
			other, _ := stringValue(theirs)
			return text == other
		}
		return sharesDependency(setting, stage, key, mine)
	}
	return sameValue("stageName") && sameValue("restApi")
}

// sharesDependency reports whether the property key of both resources was built from the outputs of a
// common resource, while value, the first resource's property, is still unknown.
func sharesDependency(first, second pack.Resource, key string, value property.Value) bool {
	if !value.IsComputed() {
		return false
	}
	for _, urn := range first.PropertyDependencies[key] {
		if slices.Contains(second.PropertyDependencies[key], urn) {
			return true
		}
	}
	return false
}
