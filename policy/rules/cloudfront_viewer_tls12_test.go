package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudFrontViewerTLS12(t *testing.T) {
	distribution := func(certificate map[string]property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"enabled":           property.New(true),
			"viewerCertificate": objectValue(certificate),
		})
	}
	custom := func(method, version property.Value) property.Map {
		return distribution(map[string]property.Value{
			"acmCertificateArn":      property.New("arn:aws:acm:us-east-1:111122223333:certificate/0000"),
			"sslSupportMethod":       method,
			"minimumProtocolVersion": version,
		})
	}
	const accepted = `"TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025".`

	runPolicyCases(t, newCloudFrontViewerTLS12(), []policyCase{
		{
			name:         "tls 1.2 2021",
			kind:         caseCompliant,
			resourceType: typeCloudFrontDistribution,
			props:        custom(property.New("sni-only"), property.New("TLSv1.2_2021")),
		},
		{
			name:         "tls 1.3 2025",
			kind:         caseCompliant,
			resourceType: typeCloudFrontDistribution,
			props:        custom(property.New("sni-only"), property.New("TLSv1.3_2025")),
		},
		{
			name:         "default certificate",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props: distribution(map[string]property.Value{
				"cloudfrontDefaultCertificate": property.New(true),
				"minimumProtocolVersion":       property.New("TLSv1.2_2021"),
			}),
			want: []string{`viewerCertificate.cloudfrontDefaultCertificate is true, which forces the TLSv1 ` +
				`security policy, expected acmCertificateArn or iamCertificateId.`},
		},
		{
			name:         "old policy on a dedicated ip",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props:        custom(property.New("vip"), property.New("TLSv1.2_2019")),
			want: []string{
				`viewerCertificate.sslSupportMethod is "vip", expected "sni-only".`,
				`viewerCertificate.minimumProtocolVersion is "TLSv1.2_2019", expected TLSv1.2_2021 or newer: ` + accepted,
			},
		},
		{
			name:         "policy not set",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props:        custom(property.New("sni-only"), property.Value{}),
			want:         []string{`viewerCertificate.minimumProtocolVersion is not set, expected TLSv1.2_2021 or newer: ` + accepted},
		},
		{
			name:         "unknown policy name",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props:        custom(property.New("sni-only"), property.New("TLSv1.4_2030")),
			want:         []string{`viewerCertificate.minimumProtocolVersion is "TLSv1.4_2030", expected TLSv1.2_2021 or newer: ` + accepted},
		},
		{
			name:         "domain name",
			kind:         caseOtherType,
			resourceType: typeAPIGatewayDomainName,
			props:        custom(property.New("vip"), property.New("TLSv1")),
		},
		{
			name:         "unknown certificate",
			kind:         caseUnknown,
			resourceType: typeCloudFrontDistribution,
			props:        propsOf(map[string]property.Value{"viewerCertificate": unknownValue()}),
			wantUnknown:  []string{"viewerCertificate"},
		},
		{
			name:         "unknown protocol version",
			kind:         caseUnknown,
			resourceType: typeCloudFrontDistribution,
			props:        custom(property.New("sni-only"), unknownValue()),
			wantUnknown:  []string{"viewerCertificate.minimumProtocolVersion"},
		},
	})
}
