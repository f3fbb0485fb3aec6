package program

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeDistribution    = "aws:cloudfront/distribution:Distribution"
	typeRegexPatternSet = "aws:wafv2/regexPatternSet:RegexPatternSet"
)

// ruleNames returns the names of the rules of a web ACL.
func ruleNames(t *testing.T, acl map[string]any) []string {
	t.Helper()
	var names []string
	for _, rule := range acl["rules"].([]any) {
		names = append(names, rule.(map[string]any)["name"].(string))
	}
	return names
}

func TestProgramEdgeOnByDefault(t *testing.T) {
	mocks, err := runProgram(t, nil, Options{})
	require.NoError(t, err)

	distributions := mocks.ByType(typeDistribution)
	require.Len(t, distributions, 1, "one distribution in front of the API, none for user content")
	acl := findResource(t, mocks, typeWebACL, "platform-api-firewall-web-acl")
	assert.Contains(t, ruleNames(t, acl.Inputs.Mappable()), "origin-verify",
		"the API's web ACL admits only requests through CloudFront")
	patternSet := findResource(t, mocks, typeRegexPatternSet, "platform-edge-origin-verify")
	assert.Equal(t, "REGIONAL", patternSet.Inputs["scope"].StringValue())

	policy := findResource(t, mocks, "aws:s3/bucketPolicy:BucketPolicy", "platform-user-files-access-logs-policy")
	assert.Contains(t, policy.Inputs["policy"].StringValue(), "AllowCloudFrontAccessLogDelivery",
		"the access log bucket admits CloudFront's log delivery")
}

func TestProgramEdgeOff(t *testing.T) {
	mocks, err := runProgram(t, map[string]string{"edgeEnabled": "false"}, Options{})
	require.NoError(t, err)

	assert.Empty(t, mocks.ByType(typeDistribution))
	acl := findResource(t, mocks, typeWebACL, "platform-api-firewall-web-acl")
	assert.NotContains(t, ruleNames(t, acl.Inputs.Mappable()), "origin-verify")
	policy := findResource(t, mocks, "aws:s3/bucketPolicy:BucketPolicy", "platform-user-files-access-logs-policy")
	assert.NotContains(t, policy.Inputs["policy"].StringValue(), "AllowCloudFrontAccessLogDelivery")
}

func TestProgramRejectsInvalidEdgeSettings(t *testing.T) {
	tests := []configErrorCase{
		{
			name: "edge in front of a private API",
			settings: map[string]string{
				"apiEndpointType": "PRIVATE", "apiVpcEndpointIds": `["vpce-0123456789abcdef0"]`,
			},
			key: "edgeEnabled", value: "true", accepted: "CloudFront cannot reach a private API",
		},
		{
			name: "domain without a zone", settings: map[string]string{"edgeDomainName": "api.example.com"},
			key: "edgeHostedZoneId", value: `""`, accepted: "Route 53 zone id of edgeDomainName",
		},
		{
			name: "certificate outside us-east-1",
			settings: map[string]string{
				"edgeDomainName": "api.example.com", "edgeHostedZoneId": "Z0123456789ABCDEFGHIJ",
				"edgeCertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
			},
			key:      "edgeCertificateArn",
			value:    "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
			accepted: "certificate in us-east-1",
		},
		{
			name: "domain with the edge off", settings: map[string]string{"edgeEnabled": "false", "edgeDomainName": "api.example.com"},
			key: "edgeDomainName", value: "api.example.com", accepted: "empty while edgeEnabled is false",
		},
		{
			name: "price class", settings: map[string]string{"edgePriceClass": "PriceClass_50"},
			key: "edgePriceClass", value: "PriceClass_50", accepted: "PriceClass_100, PriceClass_200, PriceClass_All",
		},
		{
			name: "rotation of zero days", settings: map[string]string{"edgeRotationDays": "0"},
			key: "edgeRotationDays", value: "0", accepted: "1 to 1000 days",
		},
		{
			name: "WAF wait beyond the rotation's timeout", settings: map[string]string{"edgeWafPropagationSeconds": "601"},
			key: "edgeWafPropagationSeconds", value: "601", accepted: "1 to 600 seconds",
		},
		{
			name: "rate limit below the provider's minimum", settings: map[string]string{"edgeRateLimit": "5"},
			key: "edgeRateLimit", value: "5", accepted: "10 to 2000000000",
		},
	}
	runConfigErrorCases(t, tests)
}
