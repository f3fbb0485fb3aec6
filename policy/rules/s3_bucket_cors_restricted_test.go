package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestS3BucketCORSRestricted(t *testing.T) {
	corsRule := func(origins property.Value, methods ...string) property.Value {
		methodValues := make([]property.Value, len(methods))
		for i, method := range methods {
			methodValues[i] = property.New(method)
		}
		return objectValue(map[string]property.Value{"allowedOrigins": origins, "allowedMethods": listValue(methodValues...)})
	}
	cors := func(rules ...property.Value) property.Map {
		return propsOf(map[string]property.Value{"bucket": property.New("uploads"), "corsRules": listValue(rules...)})
	}
	anyOrigin := listValue(property.New("*"))
	frontEnd := listValue(property.New("https://app.example.com"))

	runPolicyCases(t, newS3BucketCORSRestricted(), []policyCase{
		{name: "named origin writes", kind: caseCompliant, resourceType: typeS3BucketCorsConfigurationV2,
			props: cors(corsRule(frontEnd, "PUT", "POST"))},
		{name: "any origin reads", kind: caseCompliant, resourceType: typeS3BucketCorsConfigurationV2,
			props: cors(corsRule(anyOrigin, "GET", "HEAD"))},
		{name: "any origin writes", kind: caseViolation, resourceType: typeS3BucketCorsConfigurationV2,
			props: cors(corsRule(frontEnd, "PUT"), corsRule(anyOrigin, "GET", "PUT", "DELETE")),
			want: []string{`corsRules[1].allowedOrigins contains "*" and allowedMethods contains PUT, DELETE, expected the ` +
				`origins of the web front end for write methods.`}},
		{name: "bucket policy", kind: caseOtherType, resourceType: typeS3BucketPolicy, props: cors(corsRule(anyOrigin, "PUT"))},
		{name: "unknown origins", kind: caseUnknown, resourceType: typeS3BucketCorsConfigurationV2,
			props: cors(corsRule(unknownValue(), "PUT")), wantUnknown: []string{"corsRules[0].allowedOrigins"}},
	})
}
