package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayRequestValidation is the name of the stack policy that requires request validation
// on methods that declare a body model or required parameters.
const PolicyAPIGatewayRequestValidation = "apigateway-request-validation"

// newAPIGatewayRequestValidation returns the stack policy that requires each Method with requestModels
// to use a RequestValidator that validates the body, and each Method with a required query string or
// header parameter to use one that validates parameters. Path parameters do not count, because API
// Gateway routes no request without them.
//
// NOTE: a requestValidatorId given as a literal id, not built from a RequestValidator of the stack,
// is accepted without checking the validator's settings.
func newAPIGatewayRequestValidation() *pack.Policy {
	return &pack.Policy{
		Name: PolicyAPIGatewayRequestValidation,
		Description: "API Gateway methods with a body model or required parameters should validate requests " +
			"with a RequestValidator.",
		Rationale: "Without a validator, API Gateway passes a request with a malformed body or a missing " +
			"parameter to the function, so every function must reject it itself, and a function that misses a " +
			"check processes input that the API's model rules out.",
		RemediationSteps: "Create a RequestValidator with validateRequestBody and validateRequestParameters as " +
			"the method needs, and set the Method's requestValidatorId to its id.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "apigateway", "input-validation"},
		Framework:        pciControl("6.5.1", "Injection flaws"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayMethod, typeAPIGatewayRequestValidator},
		ValidateStack:    validateAPIGatewayRequestValidation,
	}
}

func validateAPIGatewayRequestValidation(_ context.Context, check *pack.StackCheck) error {
	validators := check.OfType(typeAPIGatewayRequestValidator)
	for _, method := range check.OfType(typeAPIGatewayMethod) {
		models := method.Properties.Get("requestModels")
		parameters := method.Properties.Get("requestParameters")
		if models.IsComputed() || parameters.IsComputed() {
			if models.IsComputed() {
				check.Unknown(method, "requestModels")
			}
			if parameters.IsComputed() {
				check.Unknown(method, "requestParameters")
			}
			continue
		}
		needsBody := false
		if object, ok := mapValue(models); ok && object.Len() > 0 {
			needsBody = true
		}
		needsParameters := hasRequiredNonPathParameter(parameters)
		if !needsBody && !needsParameters {
			continue
		}

		validatorID := method.Properties.Get("requestValidatorId")
		dependencies := method.PropertyDependencies["requestValidatorId"]
		if !validatorID.IsComputed() && !isSetString(validatorID) {
			check.Report(method, "requestValidatorId is not set on a method with %s, expected a RequestValidator "+
				"that validates them.", describeValidationNeeds(needsBody, needsParameters))
			continue
		}
		index := slices.IndexFunc(validators, func(validator pack.Resource) bool {
			return slices.Contains(dependencies, validator.URN)
		})
		if index < 0 {
			if validatorID.IsComputed() {
				check.Unknown(method, "requestValidatorId")
			}
			continue
		}
		checkValidatorSettings(check, method, validators[index], needsBody, needsParameters)
	}
	return nil
}

// checkValidatorSettings reports a validator that does not validate what method needs.
func checkValidatorSettings(check *pack.StackCheck, method, validator pack.Resource, needsBody, needsParameters bool) {
	settings := []struct {
		property string
		needed   bool
	}{
		{"validateRequestBody", needsBody},
		{"validateRequestParameters", needsParameters},
	}
	for _, setting := range settings {
		if !setting.needed {
			continue
		}
		value := validator.Properties.Get(setting.property)
		if value.IsComputed() {
			check.Unknown(validator, setting.property)
			continue
		}
		if enabled, _ := boolValue(value); !enabled {
			check.Report(method, "the method's RequestValidator %q has %s %s, expected true for a method with %s.",
				validator.Name, setting.property, describeValue(value), describeValidationNeeds(needsBody, needsParameters))
		}
	}
}

// hasRequiredNonPathParameter reports whether requestParameters marks a query string or header
// parameter as required.
func hasRequiredNonPathParameter(parameters property.Value) bool {
	object, ok := mapValue(parameters)
	if !ok {
		return false
	}
	for name, required := range object.All {
		if strings.HasPrefix(name, "method.request.path.") {
			continue
		}
		if value, _ := boolValue(required); value {
			return true
		}
	}
	return false
}

// describeValidationNeeds names what a method declares, for messages.
func describeValidationNeeds(body, parameters bool) string {
	switch {
	case body && parameters:
		return "a body model and required parameters"
	case body:
		return "a body model"
	default:
		return "required parameters"
	}
}
