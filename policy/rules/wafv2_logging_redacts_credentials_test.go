package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestWAFv2LoggingRedactsCredentials(t *testing.T) {
	header := func(name property.Value) property.Value {
		return objectValue(map[string]property.Value{"singleHeader": objectValue(map[string]property.Value{"name": name})})
	}
	logging := func(fields ...property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"resourceArn":    property.New("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/1"),
			"redactedFields": listValue(fields...),
		})
	}

	runPolicyCases(t, newWAFv2LoggingRedactsCredentials(), []policyCase{
		{name: "both", kind: caseCompliant, resourceType: typeWAFv2WebACLLoggingConfiguration,
			props: logging(header(property.New("Authorization")), header(property.New("cookie")), header(property.New("x-origin-verify")))},
		{name: "cookie missing", kind: caseViolation, resourceType: typeWAFv2WebACLLoggingConfiguration,
			props: logging(header(property.New("authorization"))),
			want:  []string{`redactedFields does not redact the "cookie" header, expected a singleHeader entry for each of ["authorization" "cookie"].`}},
		{name: "none", kind: caseViolation, resourceType: typeWAFv2WebACLLoggingConfiguration,
			props: propsOf(map[string]property.Value{"resourceArn": property.New("arn")}),
			want: []string{`redactedFields does not redact the "authorization" and "cookie" header, expected a singleHeader ` +
				`entry for each of ["authorization" "cookie"].`}},
		{name: "web acl", kind: caseOtherType, resourceType: typeWAFv2WebACL, props: logging()},
		{name: "unknown list", kind: caseUnknown, resourceType: typeWAFv2WebACLLoggingConfiguration,
			props:       propsOf(map[string]property.Value{"redactedFields": unknownValue()}),
			wantUnknown: []string{"redactedFields"}},
		{name: "unknown name", kind: caseUnknown, resourceType: typeWAFv2WebACLLoggingConfiguration,
			props:       logging(header(property.New("authorization")), header(unknownValue())),
			wantUnknown: []string{"redactedFields[1].singleHeader.name"}},
	})
}
