package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyAPIGatewayCacheEncrypted is the name of the policy that requires encrypted API Gateway caches.
const PolicyAPIGatewayCacheEncrypted = "apigateway-cache-encrypted"

// newAPIGatewayCacheEncrypted returns the policy that guards REST API method caches against storing
// responses unencrypted. Method settings without caching are not checked, because caching is a cost
// and performance choice.
func newAPIGatewayCacheEncrypted() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyAPIGatewayCacheEncrypted,
		Description: "API Gateway method settings that enable caching must encrypt the cached responses.",
		Rationale: "The stage cache stores whole responses, which can hold personal data and tokens. Without " +
			"cacheDataEncrypted, API Gateway keeps them unencrypted at rest.",
		RemediationSteps: "Set settings.cacheDataEncrypted to true on every MethodSettings whose " +
			"settings.cachingEnabled is true.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "apigateway", "encryption"},
			withPrefix(tagHIPAA, "164.312(a)(2)(iv)", "164.312(e)(2)(ii)"),
			withPrefix(tagPCI, "3.4"),
			withPrefix(tagCheckov, "CKV_AWS_308"),
			withPrefix(tagCDKNag, "APIGWCacheEnabledAndEncrypted"),
			withPrefix(tagAWSGuard, "apigateway-method-cached-and-encrypted"),
		),
		Framework:        hipaaControl("164.312(a)(2)(iv)", "Encryption and decryption"),
		Waivable:         true,
		ResourceTypes:    []string{typeAPIGatewayMethodSettings},
		ValidateResource: validateAPIGatewayCacheEncrypted,
	}
}

func validateAPIGatewayCacheEncrypted(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	caching := propertyAt(props, "settings", "cachingEnabled")
	if !check.Known("settings.cachingEnabled", caching) {
		return nil
	}
	if enabled, _ := boolValue(caching); !enabled {
		return nil
	}

	encrypted := propertyAt(props, "settings", "cacheDataEncrypted")
	if !check.Known("settings.cacheDataEncrypted", encrypted) {
		return nil
	}
	if value, _ := boolValue(encrypted); !value {
		check.Report("settings.cacheDataEncrypted is %s while settings.cachingEnabled is true, expected true.",
			describeValue(encrypted))
	}
	return nil
}
