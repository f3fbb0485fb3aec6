package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestAPIGatewayCacheEncrypted(t *testing.T) {
	methodSettings := func(caching, encrypted property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"methodPath": property.New("*/*"),
			"settings": objectValue(map[string]property.Value{
				"cachingEnabled":     caching,
				"cacheDataEncrypted": encrypted,
				"loggingLevel":       property.New("INFO"),
			}),
		})
	}

	runPolicyCases(t, newAPIGatewayCacheEncrypted(), []policyCase{
		{
			name:         "encrypted cache",
			kind:         caseCompliant,
			resourceType: typeAPIGatewayMethodSettings,
			props:        methodSettings(property.New(true), property.New(true)),
		},
		{
			name:         "no cache",
			kind:         caseCompliant,
			resourceType: typeAPIGatewayMethodSettings,
			props:        methodSettings(property.Value{}, property.New(false)),
		},
		{
			name:         "unencrypted cache",
			kind:         caseViolation,
			resourceType: typeAPIGatewayMethodSettings,
			props:        methodSettings(property.New(true), property.New(false)),
			want:         []string{`settings.cacheDataEncrypted is false while settings.cachingEnabled is true, expected true.`},
		},
		{
			name:         "cache without encryption setting",
			kind:         caseViolation,
			resourceType: typeAPIGatewayMethodSettings,
			props:        methodSettings(property.New(true), property.Value{}),
			want:         []string{`settings.cacheDataEncrypted is not set while settings.cachingEnabled is true, expected true.`},
		},
		{
			name:         "stage",
			kind:         caseOtherType,
			resourceType: typeAPIGatewayStage,
			props:        methodSettings(property.New(true), property.New(false)),
		},
		{
			name:         "unknown caching",
			kind:         caseUnknown,
			resourceType: typeAPIGatewayMethodSettings,
			props:        methodSettings(unknownValue(), property.New(false)),
			wantUnknown:  []string{"settings.cachingEnabled"},
		},
		{
			name:         "unknown encryption",
			kind:         caseUnknown,
			resourceType: typeAPIGatewayMethodSettings,
			props:        methodSettings(property.New(true), unknownValue()),
			wantUnknown:  []string{"settings.cacheDataEncrypted"},
		},
	})
}
