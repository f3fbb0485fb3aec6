package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestEC2VPCEndpointPolicies(t *testing.T) {
	const restricted = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
		"Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}`
	endpoint := func(service, endpointType string, policy property.Value) pack.Resource {
		fields := map[string]property.Value{"serviceName": property.New("com.amazonaws.eu-west-1." + service),
			"vpcEndpointType": property.New(endpointType)}
		if !policy.IsNull() {
			fields["policy"] = policy
		}
		return stackResource(typeEC2VPCEndpoint, "endpoint-"+service, propsOf(fields))
	}
	function := stackResource(typeLambdaFunction, "files", propsOf(map[string]property.Value{
		"vpcConfig": objectValue(map[string]property.Value{"subnetIds": listValue(property.New("subnet-1"))}),
	}))
	outsideVPC := stackResource(typeLambdaFunction, "files", propsOf(map[string]property.Value{"name": property.New("files")}))
	s3 := endpoint("s3", "Gateway", property.New(restricted))
	kms := endpoint("kms", "Interface", property.New(restricted))

	runStackCases(t, newEC2VPCEndpointPolicies(), []stackCase{
		{name: "restricted endpoints", kind: caseCompliant, resources: []pack.Resource{function, s3, kms}},
		{name: "function outside vpc", kind: caseCompliant, resources: []pack.Resource{outsideVPC}},
		{name: "configured services", kind: caseCompliant, resources: []pack.Resource{function, s3},
			config: map[string]any{ConfigRequiredEndpointServices: []any{"s3"}}},
		{name: "missing kms endpoint", kind: caseViolation, resources: []pack.Resource{function, s3},
			want: []string{"files: the function runs in a VPC and no aws:ec2/vpcEndpoint:VpcEndpoint of the stack serves " +
				"kms, expected an endpoint for each of s3, kms."}},
		{name: "open endpoint policies", kind: caseViolation, resources: []pack.Resource{
			endpoint("s3", "Gateway", property.Value{}),
			endpoint("kms", "Interface", property.New(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`)),
		}, want: []string{
			"endpoint-s3: policy is not set, which allows every principal full access through the endpoint, expected a " +
				"policy that limits the principals or the resources to the account.",
			`endpoint-kms: policy Statement[0] allows every principal without a Condition, expected a Condition such as "aws:PrincipalAccount".`,
		}},
		{name: "no function or endpoint", kind: caseOtherType, resources: []pack.Resource{stackResource(typeSNSTopic, "alerts", property.Map{})}},
		{name: "unknown policy", kind: caseUnknown, resources: []pack.Resource{function, s3, endpoint("kms", "Interface", unknownValue())},
			wantUnknown: []string{"endpoint-kms: policy"}},
	})
}
