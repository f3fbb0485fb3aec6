package rules

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudTrailMultiRegion is the name of the policy that requires multi-region trails that log.
const PolicyCloudTrailMultiRegion = "cloudtrail-multi-region"

// newCloudTrailMultiRegion returns the policy that requires each trail to record every region and the
// global services, and to be logging. isMultiRegionTrail defaults to false, so it must be set;
// includeGlobalServiceEvents and enableLogging default to true, so only false is reported.
func newCloudTrailMultiRegion() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudTrailMultiRegion,
		Description: "CloudTrail trails must record all regions and global service events, with logging on.",
		Rationale: "A single-region trail misses activity in the other regions, where an intruder can start " +
			"resources unseen. Without global service events it misses IAM and STS calls, and a trail with " +
			"logging off records nothing.",
		RemediationSteps: "Set isMultiRegionTrail to true on the trail, and remove includeGlobalServiceEvents and " +
			"enableLogging or set them to true.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudtrail", "audit-trail", tagHIPAA + "164.312(b)", tagPCI + "10.1"},
			withPrefix(tagCheckov, "CKV_AWS_67", "CKV_AWS_251"),
		),
		Framework:        pciControl("10.1", "Implement audit trails to link all access to system components to each individual user"),
		ResourceTypes:    []string{typeCloudTrailTrail},
		ValidateResource: validateCloudTrailMultiRegion,
	}
}

func validateCloudTrailMultiRegion(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties

	multiRegion := props.Get("isMultiRegionTrail")
	if check.Known("isMultiRegionTrail", multiRegion) {
		if value, _ := boolValue(multiRegion); !value {
			check.Report("isMultiRegionTrail is %s, expected true.", describeValue(multiRegion))
		}
	}
	for _, setting := range []string{"includeGlobalServiceEvents", "enableLogging"} {
		value := props.Get(setting)
		if check.Known(setting, value) && isFalse(value) {
			check.Report("%s is false, expected true.", setting)
		}
	}
	return nil
}

// isFalse reports whether value is the bool false, as opposed to true or not set.
func isFalse(value property.Value) bool {
	b, ok := boolValue(value)
	return ok && !b
}
