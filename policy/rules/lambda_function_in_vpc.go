package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyLambdaFunctionInVPC is the name of the policy that requires Lambda functions to run in a VPC.
const PolicyLambdaFunctionInVPC = "lambda-function-in-vpc"

// newLambdaFunctionInVPC returns the policy that requires each Lambda function to run in a VPC, with
// subnets and security groups. A VPC costs endpoints or NAT and adds cold-start work, so the policy is
// off in the baseline profile and mandatory in the hipaa and pci profiles, where network segmentation
// of the systems that process the data is expected.
func newLambdaFunctionInVPC() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyLambdaFunctionInVPC,
		Description: "Lambda functions should run in a VPC, with subnets and security groups.",
		Rationale: "A function outside a VPC can reach any address on the internet, so a compromised function " +
			"can send data anywhere. In a VPC, security groups, endpoint policies and flow logs limit and record " +
			"where it connects.",
		RemediationSteps: "Set vpcConfig.subnetIds to private subnets and vpcConfig.securityGroupIds to a group " +
			"that allows only the egress the function needs, and add VPC endpoints for the AWS services it calls.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "lambda", "network"},
			withPrefix(tagHIPAA, "164.308(a)(3)(i)", "164.308(a)(4)(ii)(A)", "164.308(a)(4)(ii)(C)",
				"164.312(a)(1)", "164.312(e)(1)"),
			withPrefix(tagPCI, "1.2", "1.2.1", "1.3", "1.3.1", "1.3.2", "1.3.4", "2.2.2"),
			withPrefix(tagCheckov, "CKV_AWS_117"),
			withPrefix(tagCDKNag, "LambdaInsideVPC"),
		),
		Framework:        pciControl("1.3.4", "Do not allow unauthorized outbound traffic from the cardholder data environment"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeLambdaFunction},
		ValidateResource: validateLambdaFunctionInVPC,
	}
}

func validateLambdaFunctionInVPC(_ context.Context, check *pack.ResourceCheck) error {
	config := check.Resource.Properties.Get("vpcConfig")
	if !check.Known("vpcConfig", config) {
		return nil
	}

	for _, setting := range []string{"subnetIds", "securityGroupIds"} {
		path := "vpcConfig." + setting
		ids := valueAt(config, setting)
		if !check.Known(path, ids) {
			continue
		}
		if !hasElements(ids) {
			check.Report("%s is %s, expected at least one ID.", path, describeValue(ids))
		}
	}
	return nil
}

// hasElements reports whether value is a list with at least one element.
func hasElements(value property.Value) bool {
	elements, _ := arrayValue(value)
	return len(elements) > 0
}
