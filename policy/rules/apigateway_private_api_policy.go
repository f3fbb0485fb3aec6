package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayPrivateAPIPolicy is the name of the stack policy that requires a resource policy that
// limits the callers of every PRIVATE REST API.
const PolicyAPIGatewayPrivateAPIPolicy = "apigateway-private-api-policy"

// typeAPIGatewayRestAPIPolicy is the type token of a REST API resource policy.
const typeAPIGatewayRestAPIPolicy = "aws:apigateway/restApiPolicy:RestApiPolicy"

// endpointTypePrivate is the endpointConfiguration type of a REST API served only through execute-api
// interface endpoints.
const endpointTypePrivate = "PRIVATE"

// sourceVPCConditionKeys are the global condition keys that name the VPC endpoint or the VPC a request
// came through.
var sourceVPCConditionKeys = []string{"aws:SourceVpce", "aws:SourceVpc"}

// restAPIPolicyJoin finds the resource policies of a REST API, whose restApiId is the API's id. The id is
// the part of the API's arn after the last "/", as in arn:aws:apigateway:eu-west-1::/restapis/abc123.
var restAPIPolicyJoin = siblingJoin{
	siblingTypes: []string{typeAPIGatewayRestAPIPolicy},
	property:     "restApiId",
	idInARN:      true,
}

// newAPIGatewayPrivateAPIPolicy returns the stack policy that requires each PRIVATE RestApi to have a
// resource policy, inline or in a RestApiPolicy, with a condition on aws:SourceVpce or aws:SourceVpc.
// The API component attaches such a policy to every PRIVATE API, so the policy is mandatory like the
// other policies that keep a resource from being reachable by everyone.
func newAPIGatewayPrivateAPIPolicy() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayPrivateAPIPolicy,
		Description: "PRIVATE API Gateway REST APIs must have a resource policy that limits callers to VPC endpoints or VPCs.",
		Rationale: "A PRIVATE API is reachable from every execute-api interface endpoint that its resource " +
			"policy admits, including endpoints in VPCs of other accounts. Without a condition on " +
			"aws:SourceVpce or aws:SourceVpc, a policy that allows Principal \"*\" opens the API to all of them.",
		RemediationSteps: "Add a RestApiPolicy whose restApiId is the API's id, with a Deny statement for " +
			"execute-api:Invoke under the condition StringNotEquals aws:SourceVpce set to the API's VPC " +
			"endpoint ids, and an Allow statement under StringEquals on the same ids.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "network", tagPCI + "1.3"},
			withPrefix(tagHIPAA, "164.312(a)(1)"),
		),
		Framework:     hipaaControl("164.312(a)(1)", "Access control"),
		Waivable:      true,
		ResourceTypes: []string{typeAPIGatewayRestAPI},
		ValidateStack: validateAPIGatewayPrivateAPIPolicy,
	}
}

func validateAPIGatewayPrivateAPIPolicy(_ context.Context, check *pack.StackCheck) error {
	var private []pack.Resource
	for _, api := range check.OfType(typeAPIGatewayRestAPI) {
		types := propertyAt(api.Properties, "endpointConfiguration", "types")
		if !check.Known(api, "endpointConfiguration.types", types) {
			continue
		}
		if hasEndpointType(types, endpointTypePrivate) {
			private = append(private, api)
		}
	}

	// A RestApiPolicy whose restApiId is unknown and built from no output could belong to any API, so
	// the update judges the APIs.
	if pending := unjoined(check, restAPIPolicyJoin); len(pending) > 0 {
		for _, policy := range pending {
			check.Unknown(policy, restAPIPolicyJoin.property)
		}
		return nil
	}

	for _, api := range private {
		sources := append(siblingsOf(check, api, restAPIPolicyJoin), api)
		limited, unknown := false, false
		for _, source := range sources {
			document := source.Properties.Get("policy")
			if document.HasComputed() {
				check.Unknown(source, "policy")
				unknown = true
				continue
			}
			if limitsSourceVPC(document) {
				limited = true
			}
		}
		if limited || unknown {
			continue
		}
		check.Report(api, "endpointConfiguration.types includes %s but neither policy nor a %s with restApiId "+
			"set to this API has a condition on aws:SourceVpce or aws:SourceVpc, expected a resource policy "+
			"that admits only the API's VPC endpoints or VPCs.", endpointTypePrivate, typeAPIGatewayRestAPIPolicy)
	}
	return nil
}

// hasEndpointType reports whether types contains want. pulumi-aws v6.83.4 declares types as one string,
// and the AWS API returns a list of strings, so both forms are accepted.
func hasEndpointType(types property.Value, want string) bool {
	if text, ok := stringValue(types); ok {
		return strings.EqualFold(text, want)
	}
	elements, _ := arrayValue(types)
	return slices.ContainsFunc(elements, func(element property.Value) bool {
		text, ok := stringValue(element)
		return ok && strings.EqualFold(text, want)
	})
}

// limitsSourceVPC reports whether the policy document in value has a statement with a condition on
// aws:SourceVpce or aws:SourceVpc that names at least one endpoint or VPC, under any operator.
func limitsSourceVPC(value property.Value) bool {
	if value.IsNull() {
		return false
	}
	document, err := parsePolicyDocument(value)
	if err != nil {
		return false
	}
	for _, statement := range document.Statement {
		for operator := range statement.Condition {
			for _, key := range sourceVPCConditionKeys {
				if len(statement.conditionValues(operator, key)) > 0 {
					return true
				}
			}
		}
	}
	return false
}
