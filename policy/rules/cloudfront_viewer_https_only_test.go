package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudFrontViewerHTTPSOnly(t *testing.T) {
	behavior := func(policy property.Value) property.Value {
		return objectValue(map[string]property.Value{
			"targetOriginId":       property.New("files"),
			"viewerProtocolPolicy": policy,
		})
	}
	distribution := func(defaultPolicy property.Value, ordered ...property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"enabled":               property.New(true),
			"defaultCacheBehavior":  behavior(defaultPolicy),
			"orderedCacheBehaviors": listValue(ordered...),
		})
	}

	runPolicyCases(t, newCloudFrontViewerHTTPSOnly(), []policyCase{
		{
			name:         "redirect and https only",
			kind:         caseCompliant,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(property.New("redirect-to-https"), behavior(property.New("https-only"))),
		},
		{
			name:         "allow all on an ordered behavior",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props: distribution(property.New("https-only"),
				behavior(property.New("https-only")), behavior(property.New("allow-all"))),
			want: []string{`orderedCacheBehaviors[1].viewerProtocolPolicy is "allow-all", expected ` +
				`"redirect-to-https" or "https-only".`},
		},
		{
			name:         "allow all by default",
			kind:         caseViolation,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(property.New("allow-all")),
			want: []string{`defaultCacheBehavior.viewerProtocolPolicy is "allow-all", expected ` +
				`"redirect-to-https" or "https-only".`},
		},
		{
			name:         "stage",
			kind:         caseOtherType,
			resourceType: typeAPIGatewayStage,
			props:        distribution(property.New("allow-all")),
		},
		{
			name:         "unknown policies",
			kind:         caseUnknown,
			resourceType: typeCloudFrontDistribution,
			props:        distribution(unknownValue(), behavior(unknownValue())),
			wantUnknown:  []string{"defaultCacheBehavior.viewerProtocolPolicy", "orderedCacheBehaviors[0].viewerProtocolPolicy"},
		},
	})
}
