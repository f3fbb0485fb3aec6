package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestAPIGatewayAPIKeyUsagePlan(t *testing.T) {
	key := stackResource(typeAPIGatewayAPIKey, "dev-key-partner", propsOf(map[string]property.Value{
		"name": property.New("dev-partner"), "arn": property.New("arn:aws:apigateway:eu-west-1::/apikeys/key123"),
	}))
	planKey := func(keyID property.Value) pack.Resource {
		return stackResource(typeAPIGatewayUsagePlanKey, "dev-plan-key-partner", propsOf(map[string]property.Value{
			"keyId": keyID, "keyType": property.New("API_KEY"), "usagePlanId": unknownValue(),
		}))
	}

	runStackCases(t, newAPIGatewayAPIKeyUsagePlan(), []stackCase{
		{
			name:      "plan key built from the key",
			kind:      caseCompliant,
			resources: []pack.Resource{key, dependingOn(planKey(unknownValue()), "keyId", key)},
		},
		{
			name:      "plan key naming the key id",
			kind:      caseCompliant,
			resources: []pack.Resource{key, planKey(property.New("key123"))},
		},
		{
			name:      "no plan key",
			kind:      caseViolation,
			resources: []pack.Resource{key},
			want: []string{"dev-key-partner: no aws:apigateway/usagePlanKey:UsagePlanKey has keyId set to this API key, " +
				"expected one that adds the key to a usage plan."},
		},
		{
			name:      "plan key of another key",
			kind:      caseViolation,
			resources: []pack.Resource{key, planKey(property.New("other456"))},
			want: []string{"dev-key-partner: no aws:apigateway/usagePlanKey:UsagePlanKey has keyId set to this API key, " +
				"expected one that adds the key to a usage plan."},
		},
		{
			name:      "plan key without key",
			kind:      caseOtherType,
			resources: []pack.Resource{planKey(property.New("key123"))},
		},
		{
			name:        "plan key of an unknown key",
			kind:        caseUnknown,
			resources:   []pack.Resource{key, planKey(unknownValue())},
			wantUnknown: []string{"dev-plan-key-partner: keyId"},
		},
	})
}
