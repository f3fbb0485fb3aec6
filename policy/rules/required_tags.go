package rules

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyRequiredTags is the name of the policy that requires ownership and classification tags.
const PolicyRequiredTags = "required-tags"

// ConfigRequiredTags is the configuration property of required-tags that lists the tag keys every
// checked resource must carry.
const ConfigRequiredTags = "requiredTags"

// DefaultRequiredTags are the tag keys that name who owns a resource, which environment it belongs to
// and how sensitive its data is.
var DefaultRequiredTags = []string{"owner", "environment", "data-classification"}

// taggedResourceTypes are the taggable types that the platform creates and that hold or process data.
var taggedResourceTypes = []string{
	typeS3Bucket, typeS3BucketV2, typeKMSKey, typeCloudWatchLogGroup, typeLambdaFunction, typeIAMRole,
	typeCognitoUserPool, typeSecretsManagerSecret, typeSNSTopic, typeSQSQueue, typeAPIGatewayRestAPI,
	typeAPIGatewayStage, typeCloudFrontDistribution, typeWAFv2WebACL, typeCloudTrailTrail, typeEC2VPC,
	typeEC2Subnet, typeEC2SecurityGroup, typeEC2VPCEndpoint, typeGuardDutyDetector,
}

// newRequiredTags returns the policy that requires each tag key of requiredTags, in the resource's tags
// or in the defaultTags of its provider, with a non-empty value.
//
// NOTE: it is disabled because the platform sets no tags and its provider no defaultTags yet.
func newRequiredTags() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyRequiredTags,
		Description: "Resources should carry owner, environment and data classification tags.",
		Rationale: "Tags tell an incident responder whom to call and how sensitive a resource's data is, let " +
			"access policies and cost reports tell environments apart, and let a data protection review find " +
			"every resource that holds personal data.",
		RemediationSteps: "Set the tags on the AWS provider's defaultTags so that every resource carries them, or " +
			"on the resource's tags, or set requiredTags.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "tagging", "governance", tagHIPAA + "164.308(a)(1)(ii)(A)"},
		Framework:        hipaaControl("164.308(a)(1)(ii)(A)", "Risk analysis"),
		Waivable:         true,
		ResourceTypes:    taggedResourceTypes,
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigRequiredTags: {
					"type":        "array",
					"items":       map[string]any{"type": "string"},
					"minItems":    1,
					"default":     DefaultRequiredTags,
					"description": "Tag keys that every checked resource must carry with a non-empty value.",
				},
			},
		},
		ValidateResource: validateRequiredTags,
	}
}

func validateRequiredTags(_ context.Context, check *pack.ResourceCheck) error {
	required, err := stringListConfig(check.Config, PolicyRequiredTags, ConfigRequiredTags, DefaultRequiredTags)
	if err != nil {
		return err
	}
	tags := check.Resource.Properties.Get("tags")
	if !check.FullyKnown("tags", tags) {
		return nil
	}

	defaults := providerDefaultTags(check.Resource.Provider)
	var missing []string
	for _, key := range required {
		value, _ := stringValue(valueAt(tags, key))
		if value == "" && defaults[key] == "" {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		check.Report("tags and the provider's defaultTags have no value for %s, expected each of %s.",
			strings.Join(missing, ", "), strings.Join(required, ", "))
	}
	return nil
}

// providerDefaultTags returns the defaultTags.tags of the resource's AWS provider. The engine sends a
// provider's object-valued config either as an object or as its JSON text.
func providerDefaultTags(provider *pack.ProviderResource) map[string]string {
	tags := map[string]string{}
	if provider == nil {
		return tags
	}
	value := provider.Properties.Get("defaultTags")
	if text, ok := stringValue(value); ok {
		var decoded struct {
			Tags map[string]string `json:"tags"`
		}
		if json.Unmarshal([]byte(text), &decoded) == nil {
			for key, tag := range decoded.Tags {
				tags[key] = tag
			}
		}
		return tags
	}
	object, _ := mapValue(valueAt(value, "tags"))
	object.All(func(key string, tag property.Value) bool {
		if text, ok := stringValue(tag); ok {
			tags[key] = text
		}
		return true
	})
	return tags
}
