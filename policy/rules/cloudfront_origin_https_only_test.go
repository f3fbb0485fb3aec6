package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudFrontOriginHTTPSOnly(t *testing.T) {
	customOrigin := func(policy property.Value, protocols ...property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"originId":   property.New("api"),
			"domainName": property.New("abc123.execute-api.eu-west-1.amazonaws.com"),
			"customOriginConfig": objectValue(map[string]property.Value{
				"httpPort":             property.New(80.0),
				"httpsPort":            property.New(443.0),
				"originProtocolPolicy": policy,
				"originSslProtocols":   listValue(protocols...),
			}),
		})
	}
	s3Origin := objectValue(map[string]property.Value{
		"originId":              property.New("files"),
		"domainName":            property.New("files.s3.eu-west-1.amazonaws.com"),
		"originAccessControlId": property.New("E2QWRUHAPOMQZL"),
	})
	distribution := func(origins ...property.Value) property.Map {
		return propsOf(map[string]property.Value{"enabled": property.New(true), "origins": listValue(origins...)})
	}
	tls12 := property.New("TLSv1.2")

	runPolicyCases(t, newCloudFrontOriginHTTPSOnly(), []policyCase{
		{
			name:         "https with tls 1.2",
			kind:         caseCompliant,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(s3Origin, customOrigin(property.New("https-only"), tls12)),
		},
		{
			name:         "match viewer with tls 1.0",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(s3Origin, customOrigin(property.New("match-viewer"), property.New("TLSv1"), tls12)),
			want: []string{
				`origins[1].customOriginConfig.originProtocolPolicy is "match-viewer", expected "https-only".`,
				`origins[1].customOriginConfig.originSslProtocols contains "TLSv1", expected only "TLSv1.2".`,
			},
		},
		{
			name:         "http only",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(customOrigin(property.New("http-only"), tls12)),
			want:         []string{`origins[0].customOriginConfig.originProtocolPolicy is "http-only", expected "https-only".`},
		},
		{
			name:         "domain name",
			kind:         caseOtherType,
			resourceType: typeAPIGatewayDomainName,
			props:        distribution(customOrigin(property.New("http-only"))),
		},
		{
			name:         "unknown origins",
			kind:         caseUnknown,
			resourceType: typeCloudFrontDistribution,
			props:        propsOf(map[string]property.Value{"origins": unknownValue()}),
			wantUnknown:  []string{"origins"},
		},
		{
			name:         "unknown protocol policy",
			kind:         caseUnknown,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(customOrigin(unknownValue(), unknownValue())),
			wantUnknown: []string{"origins[0].customOriginConfig.originProtocolPolicy",
				"origins[0].customOriginConfig.originSslProtocols[0]"},
		},
	})
}
