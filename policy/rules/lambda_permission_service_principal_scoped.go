package rules

import (
	"context"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaPermissionServicePrincipalScoped is the name of the policy that limits Lambda
// permissions for AWS service principals to a source.
const PolicyLambdaPermissionServicePrincipalScoped = "lambda-permission-service-principal-scoped"

// servicePrincipalSuffix ends the name of every AWS service principal, as in apigateway.amazonaws.com.
const servicePrincipalSuffix = ".amazonaws.com"

// lambdaServicePermissionScopes are the Permission arguments that limit a service principal to one
// calling resource or account.
var lambdaServicePermissionScopes = []string{"sourceArn", "sourceAccount"}

// newLambdaPermissionServicePrincipalScoped returns the policy that guards against the confused-deputy
// problem: a permission for a service principal without sourceArn or sourceAccount lets that service
// invoke the function on behalf of any AWS account's resources. Principal "*" is left to
// lambda-permission-no-public-principal.
func newLambdaPermissionServicePrincipalScoped() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaPermissionServicePrincipalScoped,
		Description: "Lambda permissions for AWS service principals should be limited by sourceArn or sourceAccount.",
		Rationale: "A permission for a service principal such as s3.amazonaws.com or events.amazonaws.com without " +
			"sourceArn or sourceAccount lets a bucket, rule or API in any other AWS account invoke the function " +
			"through that service, which is the confused-deputy problem.",
		RemediationSteps: "Set sourceArn on the Permission to the ARN of the API, bucket, rule or topic that invokes " +
			"the function, or at least sourceAccount to the account that owns it.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "lambda", "least-privilege"},
		Framework:        hipaaControl("164.312(a)(1)", "Access control"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeLambdaPermission},
		ValidateResource: validateLambdaPermissionServicePrincipalScoped,
	}
}

func validateLambdaPermissionServicePrincipalScoped(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	principal := props.Get("principal")
	if !check.Known("principal", principal) {
		return nil
	}
	name, _ := stringValue(principal)
	if !strings.HasSuffix(name, servicePrincipalSuffix) {
		return nil
	}

	var unknown []string
	for _, scope := range lambdaServicePermissionScopes {
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
	check.Report("principal is the service principal %q and sourceArn and sourceAccount are not set, expected "+
		"sourceArn or sourceAccount to name the resource or account that invokes the function.", name)
	return nil
}
