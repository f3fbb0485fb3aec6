package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestCloudFrontHSTSHeaders(t *testing.T) {
	headersPolicy := func(maxAge property.Value) pack.Resource {
		hsts := property.Value{}
		if !maxAge.IsNull() {
			hsts = objectValue(map[string]property.Value{
				"accessControlMaxAgeSec": maxAge, "includeSubdomains": property.New(true), "override": property.New(true),
			})
		}
		return stackResource(typeCloudFrontResponseHeadersPolicy, "edge-api-headers", propsOf(map[string]property.Value{
			"securityHeadersConfig": objectValue(map[string]property.Value{"strictTransportSecurity": hsts}),
		}))
	}
	distribution := func(headersPolicyID property.Value, built ...pack.Resource) pack.Resource {
		resource := stackResource(typeCloudFrontDistribution, "edge", propsOf(map[string]property.Value{
			"enabled": property.New(true),
			"defaultCacheBehavior": objectValue(map[string]property.Value{
				"targetOriginId": property.New("api"), "responseHeadersPolicyId": headersPolicyID,
			}),
		}))
		return dependingOn(resource, "defaultCacheBehavior", built...)
	}
	twoYears := headersPolicy(property.New(63072000.0))
	topic := stackResource(typeSNSTopic, "alerts", property.Map{})

	runStackCases(t, newCloudFrontHSTSHeaders(), []stackCase{
		{name: "hsts policy built in", kind: caseCompliant, resources: []pack.Resource{twoYears, distribution(unknownValue(), twoYears)}},
		{name: "literal policy id", kind: caseCompliant,
			resources: []pack.Resource{distribution(property.New("67f7725c-6f97-4210-82d7-5512b31e9d03"))}},
		{name: "no headers policy", kind: caseViolation, resources: []pack.Resource{distribution(property.Value{})},
			want: []string{"edge: defaultCacheBehavior.responseHeadersPolicyId is not set, expected a response headers " +
				"policy that sends Strict-Transport-Security."}},
		{name: "short max age", kind: caseViolation,
			resources: []pack.Resource{headersPolicy(property.New(300.0)), distribution(unknownValue(), headersPolicy(property.New(300.0)))},
			want: []string{"edge-api-headers: securityHeadersConfig.strictTransportSecurity.accessControlMaxAgeSec is 300, " +
				"expected at least 31536000 seconds."}},
		{name: "no hsts", kind: caseViolation,
			resources: []pack.Resource{headersPolicy(property.Value{}), distribution(unknownValue(), headersPolicy(property.Value{}))},
			want: []string{"edge-api-headers: securityHeadersConfig.strictTransportSecurity is not set, expected " +
				"Strict-Transport-Security with a max-age of at least 31536000 seconds."}},
		{name: "no distribution", kind: caseOtherType, resources: []pack.Resource{twoYears, topic}},
		{name: "unknown policy id", kind: caseUnknown, resources: []pack.Resource{distribution(unknownValue())},
			wantUnknown: []string{"edge: defaultCacheBehavior.responseHeadersPolicyId"}},
	})
}
