package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaPermissionNoPublicPrincipal is the name of the policy that rejects Lambda permissions
// for everyone.
const PolicyLambdaPermissionNoPublicPrincipal = "lambda-permission-no-public-principal"

// lambdaPermissionScopes are the Permission arguments that limit a permission for principal "*" to a
// source resource, an account or an organization.
var lambdaPermissionScopes = []string{"sourceArn", "sourceAccount", "principalOrgId"}

// newLambdaPermissionNoPublicPrincipal returns the policy that guards a function's resource policy
// against statements for everyone. A Permission for principal "*" must set sourceArn, sourceAccount or
// principalOrgId. Permissions for an account, a role or a service principal are left to other
// policies.
func newLambdaPermissionNoPublicPrincipal() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaPermissionNoPublicPrincipal,
		Description: "Lambda permissions for principal \"*\" must be limited by sourceArn, sourceAccount or principalOrgId.",
		Rationale: "A permission for principal \"*\" without a source or organization lets anyone, in any AWS " +
			"account or through a public function URL, invoke the function, run up its cost and reach the data it " +
			"can read.",
		RemediationSteps: "Set principal to the account, role or service principal that invokes the function, or " +
			"set sourceArn (the API, bucket or rule that calls it), sourceAccount or principalOrgId on the Permission.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityCritical,
		Tags: slices.Concat(
			[]string{"aws", "lambda", "public-exposure"},
			withPrefix(tagHIPAA, "164.308(a)(3)(i)", "164.308(a)(4)(ii)(A)", "164.308(a)(4)(ii)(C)",
				"164.312(a)(1)", "164.312(e)(1)"),
			withPrefix(tagPCI, "1.2", "1.2.1", "1.3", "1.3.1", "1.3.2", "1.3.4", "2.2.2"),
			withPrefix(tagCheckov, "CKV_AWS_301"),
			withPrefix(tagCDKNag, "LambdaFunctionPublicAccessProhibited"),
			withPrefix(tagComplianceReady, "lambda-permission-configure-source-arn"),
		),
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		ResourceTypes:    []string{typeLambdaPermission},
		ValidateResource: validateLambdaPermissionNoPublicPrincipal,
	}
}

func validateLambdaPermissionNoPublicPrincipal(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	principal := props.Get("principal")
	if !check.Known("principal", principal) {
		return nil
	}
	if name, _ := stringValue(principal); name != "*" {
		return nil
	}

	var unknown []string
	for _, scope := range lambdaPermissionScopes {
		value := props.Get(scope)
		if value.IsComputed() {
			unknown = append(unknown, scope)
			continue
		}
		if isSetString(value) {
			return nil
		}
	}
	if len(unknown) > 0 {
		for _, scope := range unknown {
			check.Unknown(scope)
		}
		return nil
	}
	check.Report("principal is \"*\" and sourceArn, sourceAccount and principalOrgId are not set, expected a " +
		"named principal or one of those arguments.")
	return nil
}

// isSetString reports whether value is a string other than "".
func isSetString(value property.Value) bool {
	text, ok := stringValue(value)
	return ok && text != ""
}
