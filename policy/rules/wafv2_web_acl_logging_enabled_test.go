package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestWAFv2WebACLLoggingEnabled(t *testing.T) {
	const aclARN = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/api/0000-1111"
	acl := stackResource(typeWAFv2WebACL, "api", propsOf(map[string]property.Value{
		"arn": property.New(aclARN), "scope": property.New("REGIONAL"),
	}))
	logging := func(resourceARN property.Value) pack.Resource {
		return stackResource(typeWAFv2WebACLLoggingConfiguration, "api-logging", propsOf(map[string]property.Value{
			"resourceArn":           resourceARN,
			"logDestinationConfigs": listValue(property.New("arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-api")),
		}))
	}
	const want = "api: no aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration has resourceArn set to " +
		"this web ACL, expected one that sends its logs to a log destination."

	runStackCases(t, newWAFv2WebACLLoggingEnabled(), []stackCase{
		{
			name:      "logging built from the web acl",
			kind:      caseCompliant,
			resources: []pack.Resource{acl, dependingOn(logging(unknownValue()), "resourceArn", acl)},
		},
		{
			name:      "logging naming the web acl",
			kind:      caseCompliant,
			resources: []pack.Resource{acl, logging(property.New(aclARN))},
		},
		{
			name:      "no logging",
			kind:      caseViolation,
			resources: []pack.Resource{acl},
			want:      []string{want},
		},
		{
			name:      "logging of another web acl",
			kind:      caseViolation,
			resources: []pack.Resource{acl, logging(property.New(aclARN + "-other"))},
			want:      []string{want},
		},
		{
			name:      "logging without web acl",
			kind:      caseOtherType,
			resources: []pack.Resource{logging(property.New(aclARN))},
		},
		{
			name:        "logging of an unknown web acl",
			kind:        caseUnknown,
			resources:   []pack.Resource{acl, logging(unknownValue())},
			wantUnknown: []string{"api-logging: resourceArn"},
		},
	})
}
