package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudFrontDistributionWAF(t *testing.T) {
	distribution := func(webACL property.Value) property.Map {
		return propsOf(map[string]property.Value{"enabled": property.New(true), "webAclId": webACL})
	}
	arn := "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1"

	runPolicyCases(t, newCloudFrontDistributionWAF(), []policyCase{
		{name: "web acl", kind: caseCompliant, resourceType: typeCloudFrontDistribution, props: distribution(property.New(arn))},
		{name: "empty", kind: caseViolation, resourceType: typeCloudFrontDistribution, props: distribution(property.New("")),
			want: []string{`webAclId is "", expected the ARN of a WAFv2 web ACL.`}},
		{name: "not set", kind: caseViolation, resourceType: typeCloudFrontDistribution,
			props: propsOf(map[string]property.Value{"enabled": property.New(true)}),
			want:  []string{`webAclId is not set, expected the ARN of a WAFv2 web ACL.`}},
		{name: "stage", kind: caseOtherType, resourceType: typeAPIGatewayStage, props: distribution(property.New(""))},
		{name: "unknown", kind: caseUnknown, resourceType: typeCloudFrontDistribution, props: distribution(unknownValue()),
			wantUnknown: []string{"webAclId"}},
	})
}
