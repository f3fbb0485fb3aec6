package rules

import (
	"context"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudTrailS3DataEvents is the name of the policy that requires a trail to record S3 object
// data events.
const PolicyCloudTrailS3DataEvents = "cloudtrail-s3-data-events"

// s3ObjectDataType is the CloudTrail resource type of S3 object data events.
const s3ObjectDataType = "AWS::S3::Object"

// newCloudTrailS3DataEvents returns the policy that checks a trail's event selectors for S3 object data
// events, in either eventSelectors (dataResources of type AWS::S3::Object) or advancedEventSelectors
// (a selector whose resources.type field equals AWS::S3::Object).
//
// It checks that the trail records S3 object events, and cloudtrail-s3-data-events-coverage checks that
// the selectors cover every bucket of the stack.
//
// NOTE: it is disabled in the baseline profile because the Audit component records data events only for
// the buckets in DataEventBucketArns, and a standalone Audit has none. The platform passes its user-files
// bucket, and the hipaa and pci profiles make the policy mandatory.
func newCloudTrailS3DataEvents() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudTrailS3DataEvents,
		Description: "CloudTrail trails should record S3 object data events.",
		Rationale: "Management events do not show object reads and writes. Without data events, an " +
			"investigation cannot tell which user files a stolen credential downloaded, changed or deleted.",
		RemediationSteps: "Add an event selector with a dataResources entry of type \"AWS::S3::Object\" whose " +
			"values are the bucket ARNs followed by \"/\", or an advanced event selector with eventCategory " +
			"\"Data\" and resources.type \"AWS::S3::Object\".",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cloudtrail", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.2.1"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeCloudTrailTrail},
		ValidateResource: validateCloudTrailS3DataEvents,
	}
}

func validateCloudTrailS3DataEvents(_ context.Context, check *pack.ResourceCheck) error {
	props := check.Resource.Properties
	selectors := props.Get("eventSelectors")
	advanced := props.Get("advancedEventSelectors")
	selectorsKnown := check.Known("eventSelectors", selectors)
	advancedKnown := check.Known("advancedEventSelectors", advanced)
	if !selectorsKnown || !advancedKnown {
		return nil
	}

	elements, _ := arrayValue(selectors)
	for _, selector := range elements {
		resources, _ := arrayValue(valueAt(selector, "dataResources"))
		for _, resource := range resources {
			if kind, _ := stringValue(valueAt(resource, "type")); kind == s3ObjectDataType {
				return nil
			}
		}
	}
	advancedElements, _ := arrayValue(advanced)
	for _, selector := range advancedElements {
		if selectsS3Objects(selector) {
			return nil
		}
	}
	check.Report("eventSelectors and advancedEventSelectors select no data events of type %s, expected a "+
		"selector for the stack's buckets.", s3ObjectDataType)
	return nil
}

// selectsS3Objects reports whether an advanced event selector has a fieldSelector on resources.type
// that equals AWS::S3::Object.
func selectsS3Objects(selector property.Value) bool {
	fields, _ := arrayValue(valueAt(selector, "fieldSelectors"))
	for _, field := range fields {
		if name, _ := stringValue(valueAt(field, "field")); name != "resources.type" {
			continue
		}
		for _, value := range stringsOf(valueAt(field, "equals")) {
			if value == s3ObjectDataType {
				return true
			}
		}
	}
	return false
}
