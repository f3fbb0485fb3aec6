package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestAPIGatewayRequestValidation(t *testing.T) {
	validator := func(name string, body, parameters bool) pack.Resource {
		return stackResource(typeAPIGatewayRequestValidator, name, propsOf(map[string]property.Value{
			"validateRequestBody": property.New(body), "validateRequestParameters": property.New(parameters),
		}))
	}
	method := func(fields map[string]property.Value) pack.Resource {
		fields["httpMethod"] = property.New("POST")
		return stackResource(typeAPIGatewayMethod, "api-POST/files", propsOf(fields))
	}
	bodyModel := objectValue(map[string]property.Value{"application/json": property.New("UploadRequest")})
	requiredQuery := objectValue(map[string]property.Value{"method.request.querystring.key": property.New(true)})
	pathOnly := objectValue(map[string]property.Value{"method.request.path.id": property.New(true)})
	usingValidator := func(fields map[string]property.Value, target pack.Resource) pack.Resource {
		fields["requestValidatorId"] = unknownValue()
		return dependingOn(method(fields), "requestValidatorId", target)
	}
	body := validator("api-validator-body", true, false)

	runStackCases(t, newAPIGatewayRequestValidation(), []stackCase{
		{name: "body validated", kind: caseCompliant,
			resources: []pack.Resource{body, usingValidator(map[string]property.Value{"requestModels": bodyModel}, body)}},
		{name: "path parameters only", kind: caseCompliant,
			resources: []pack.Resource{method(map[string]property.Value{"requestParameters": pathOnly})}},
		{name: "no validator", kind: caseViolation,
			resources: []pack.Resource{method(map[string]property.Value{"requestModels": bodyModel})},
			want: []string{"api-POST/files: requestValidatorId is not set on a method with a body model, expected a " +
				"RequestValidator that validates them."}},
		{name: "validator skips parameters", kind: caseViolation,
			resources: []pack.Resource{body, usingValidator(map[string]property.Value{
				"requestModels": bodyModel, "requestParameters": requiredQuery,
			}, body)},
			want: []string{`api-POST/files: the method's RequestValidator "api-validator-body" has validateRequestParameters ` +
				`false, expected true for a method with a body model and required parameters.`}},
		{name: "no method", kind: caseOtherType, resources: []pack.Resource{body}},
		{name: "unknown validator id", kind: caseUnknown,
			resources:   []pack.Resource{method(map[string]property.Value{"requestModels": bodyModel, "requestValidatorId": unknownValue()})},
			wantUnknown: []string{"api-POST/files: requestValidatorId"}},
	})
}
