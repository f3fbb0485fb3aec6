package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayDomainTLS12(t *testing.T) {
	domain := func(securityPolicy property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"domainName":     property.New("api.example.com"),
			"securityPolicy": securityPolicy,
		})
	}

	runPolicyCases(t, newAPIGatewayDomainTLS12(), []policyCase{
		{
			name:         "tls 1.2",
			kind:         caseCompliant,
			resourceType: typeAPIGatewayDomainName,
			props:        domain(property.New("TLS_1_2")),
		},
		{
			name:         "tls 1.0",
			kind:         caseViolation,
			resourceType: typeAPIGatewayDomainName,
			props:        domain(property.New("TLS_1_0")),
			want:         []string{`securityPolicy is "TLS_1_0", expected "TLS_1_2".`},
		},
		{
			name:         "not set",
			kind:         caseViolation,
			resourceType: typeAPIGatewayDomainName,
			props:        domain(property.Value{}),
			want:         []string{`securityPolicy is not set, expected "TLS_1_2".`},
		},
		{
			name:         "stage",
			kind:         caseOtherType,
			resourceType: typeAPIGatewayStage,
			props:        domain(property.New("TLS_1_0")),
		},
		{
			name:         "unknown security policy",
			kind:         caseUnknown,
			resourceType: typeAPIGatewayDomainName,
			props:        domain(unknownValue()),
			wantUnknown:  []string{"securityPolicy"},
		},
	})
}
