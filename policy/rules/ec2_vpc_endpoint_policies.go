package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyEC2VPCEndpointPolicies is the name of the stack policy that requires VPC endpoints for the
// services that functions in a VPC call, each with a restricting endpoint policy.
const PolicyEC2VPCEndpointPolicies = "ec2-vpc-endpoint-policies"

// ConfigRequiredEndpointServices is the configuration property of ec2-vpc-endpoint-policies that lists
// the services that need a VPC endpoint when a function runs in a VPC.
const ConfigRequiredEndpointServices = "requiredEndpointServices"

// DefaultRequiredEndpointServices are the services that the platform's functions call from their VPC:
// S3 for the user files and KMS for their keys.
var DefaultRequiredEndpointServices = []string{"s3", "kms"}

// endpointTypesWithPolicy are the VPC endpoint types that accept an endpoint policy. A missing
// vpcEndpointType means Gateway.
var endpointTypesWithPolicy = []string{"", "Gateway", "Interface"}

// newEC2VPCEndpointPolicies returns the stack policy that checks VPC endpoints. When a Function of the
// stack sets vpcConfig.subnetIds, the stack needs a VpcEndpoint whose serviceName ends in ".<service>"
// for each required service. Every Gateway and Interface endpoint needs a policy, and each Allow
// statement of it for every principal ("*") needs a Condition, such as aws:PrincipalAccount.
//
// NOTE: it matches endpoints to functions by stack, not by VPC, so a stack with two VPCs passes when
// either has the endpoints.
func newEC2VPCEndpointPolicies() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyEC2VPCEndpointPolicies,
		Description: "Functions in a VPC should reach AWS services through VPC endpoints whose policies restrict access.",
		Rationale: "Without an endpoint, a private function reaches S3 and KMS through a NAT gateway and the " +
			"internet. An endpoint without a policy allows every principal to use it to reach any account's " +
			"resources, so a compromised function can copy data to a bucket of another account.",
		RemediationSteps: "Add a VpcEndpoint for each service the functions call, with a policy whose Allow " +
			"statements have a Condition such as aws:PrincipalAccount or aws:ResourceAccount set to the account, " +
			"or set requiredEndpointServices.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: []string{"aws", "vpc", "network", tagHIPAA + "164.312(e)(1)", tagPCI + "1.3.4",
			tagCheckov + "CKV2_AWS_1"},
		Framework:     pciControl("1.3.4", "Do not allow unauthorized outbound traffic from the cardholder data environment"),
		Waivable:      true,
		ResourceTypes: []string{typeLambdaFunction, typeEC2VPCEndpoint},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigRequiredEndpointServices: {
					"type":        "array",
					"items":       map[string]any{"type": "string"},
					"minItems":    1,
					"default":     DefaultRequiredEndpointServices,
					"description": "Service names, such as \"s3\" or \"kms\", that need a VPC endpoint when a function runs in a VPC.",
				},
			},
		},
		ValidateStack: validateEC2VPCEndpointPolicies,
	}
}

func validateEC2VPCEndpointPolicies(_ context.Context, check *pack.StackCheck) error {
	required, err := stringListConfig(check.Config, PolicyEC2VPCEndpointPolicies, ConfigRequiredEndpointServices,
		DefaultRequiredEndpointServices)
	if err != nil {
		return err
	}

	endpoints := check.OfType(typeEC2VPCEndpoint)
	for _, endpoint := range endpoints {
		checkEndpointPolicy(check, endpoint)
	}

	var services []string
	unknown := false
	for _, endpoint := range endpoints {
		name := endpoint.Properties.Get("serviceName")
		if !check.Known(endpoint, "serviceName", name) {
			unknown = true
			continue
		}
		text, _ := stringValue(name)
		services = append(services, text)
	}
	if unknown {
		return nil
	}
	var missing []string
	for _, service := range required {
		if !hasEndpointFor(services, service) {
			missing = append(missing, service)
		}
	}
	if len(missing) == 0 {
		return nil
	}

	for _, function := range check.OfType(typeLambdaFunction) {
		subnets := propertyAt(function.Properties, "vpcConfig", "subnetIds")
		if !check.Known(function, "vpcConfig.subnetIds", subnets) || !hasElements(subnets) {
			continue
		}
		check.Report(function, "the function runs in a VPC and no %s of the stack serves %s, expected an endpoint "+
			"for each of %s.", typeEC2VPCEndpoint, strings.Join(missing, " or "), strings.Join(required, ", "))
	}
	return nil
}

// hasEndpointFor reports whether one of the endpoint service names, such as
// "com.amazonaws.eu-west-1.s3", is the service.
func hasEndpointFor(serviceNames []string, service string) bool {
	for _, name := range serviceNames {
		if strings.HasSuffix(name, "."+service) {
			return true
		}
	}
	return false
}

// checkEndpointPolicy reports an endpoint of a type that accepts a policy when its policy is missing or
// allows every principal without a Condition.
func checkEndpointPolicy(check *pack.StackCheck, endpoint pack.Resource) {
	endpointType := endpoint.Properties.Get("vpcEndpointType")
	policy := endpoint.Properties.Get("policy")
	if !check.Known(endpoint, "vpcEndpointType", endpointType) {
		return
	}
	if text, _ := stringValue(endpointType); !slices.Contains(endpointTypesWithPolicy, text) {
		return
	}
	if policy.HasComputed() {
		check.Unknown(endpoint, "policy")
		return
	}
	if !isSetString(policy) && !policy.IsMap() {
		check.Report(endpoint, "policy is not set, which allows every principal full access through the endpoint, "+
			"expected a policy that limits the principals or the resources to the account.")
		return
	}

	document, err := parsePolicyDocument(policy)
	if err != nil {
		check.Report(endpoint, "policy is not a valid policy document (%s), expected one that limits the principals "+
			"or the resources to the account.", describeDocumentError(policy, err))
		return
	}
	for i, statement := range document.Statement {
		if statement.Effect == effectAllow && statement.hasPublicPrincipal() && len(statement.Condition) == 0 {
			check.Report(endpoint, "%s allows every principal without a Condition, expected a Condition such as "+
				"\"aws:PrincipalAccount\".", statementPath("policy", i))
		}
	}
}
