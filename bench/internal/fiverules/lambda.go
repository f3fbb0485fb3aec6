package fiverules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// DeprecatedLambdaRuntimes are the runtime identifiers that AWS Lambda deprecated before 2026, taken
// from the dated table of policy/rules/lambda_runtime_supported.go, which the platform enforces. The
// list is fixed for the benchmark, and the Node.js twin has the same one.
var DeprecatedLambdaRuntimes = []string{
	"nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x",
	"nodejs14.x", "nodejs16.x", "nodejs18.x",
	"python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
	"ruby2.5", "ruby2.7",
	"java8",
	"dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet5.0", "dotnet6", "dotnet7",
	"go1.x", "provided",
}

var deprecatedLambdaRuntimeSet = func() map[string]bool {
	set := make(map[string]bool, len(DeprecatedLambdaRuntimes))
	for _, runtime := range DeprecatedLambdaRuntimes {
		set[runtime] = true
	}
	return set
}()

func newLambdaRuntimeNotDeprecated() *pack.Policy {
	return &pack.Policy{
		Name:             PolicyLambdaRuntimeNotDeprecated,
		Description:      "Lambda functions must not use a deprecated runtime.",
		Rationale:        "A deprecated runtime gets no security patches, and AWS later blocks updates of its functions.",
		RemediationSteps: "Move the function to a supported runtime, such as provided.al2023 for Go.",
		Severity:         pack.SeverityHigh,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaRuntimeNotDeprecated,
	}
}

func validateLambdaRuntimeNotDeprecated(_ context.Context, check *pack.ResourceCheck) error {
	runtime := check.Resource.Properties.Get("runtime")
	if !check.Known("runtime", runtime) {
		return nil
	}
	if name, ok := stringValue(runtime); ok && deprecatedLambdaRuntimeSet[name] {
		check.Report("runtime is %s, which AWS Lambda has deprecated, expected a supported runtime.", quote(name))
	}
	return nil
}

func newLambdaFunctionInVPC() *pack.Policy {
	return &pack.Policy{
		Name:             PolicyLambdaFunctionInVPC,
		Description:      "Lambda functions must run in a VPC, with subnets and security groups.",
		Rationale:        "A function outside a VPC can send data to any address on the internet.",
		RemediationSteps: "Set vpcConfig.subnetIds and vpcConfig.securityGroupIds.",
		Severity:         pack.SeverityMedium,
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaFunctionInVPC,
	}
}

func validateLambdaFunctionInVPC(_ context.Context, check *pack.ResourceCheck) error {
	config := check.Resource.Properties.Get("vpcConfig")
	if !check.Known("vpcConfig", config) {
		return nil
	}
	object, ok := mapValue(config)
	if !ok {
		check.Report("vpcConfig is not set, expected subnetIds and securityGroupIds.")
		return nil
	}

	for _, setting := range []string{"subnetIds", "securityGroupIds"} {
		ids := object.Get(setting)
		if !check.Known("vpcConfig."+setting, ids) {
			continue
		}
		if len(arrayValue(ids)) == 0 {
			check.Report("vpcConfig.%s is empty, expected at least one ID.", setting)
		}
	}
	return nil
}
