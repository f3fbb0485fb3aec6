package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudTrailS3DataEventsCoverage is the name of the stack policy that requires the stack's
// trails to record S3 object data events of every bucket of the stack.
const PolicyCloudTrailS3DataEventsCoverage = "cloudtrail-s3-data-events-coverage"

// trailSelection is the set of buckets whose object data events a stack's trails record.
type trailSelection struct {
	// everyBucket is true when a selector records the object events of all buckets.
	everyBucket bool
	// names are the names of the selected buckets.
	names []string
	// sources are the URNs that the selectors' values were built from, such as the bucket resources.
	sources []string
	// trailBuckets are the names of the buckets the trails deliver to, with the URNs they were built from.
	trailBuckets []string
}

// newCloudTrailS3DataEventsCoverage returns the stack policy that requires, when the stack has a trail,
// that a trail records S3 object data events for each bucket of the stack.
//
// A data resource value "arn:aws:s3" or "arn:aws:s3:::" selects every bucket, and "arn:aws:s3:::<name>/"
// or a longer prefix selects one. An advanced selector on resources.type AWS::S3::Object selects the
// buckets of its resources.ARN startsWith and equals values, or every bucket when it has no
// resources.ARN field. A trail's own bucket is exempt, because recording its events records the trail's
// own deliveries. Buckets that receive logs are exempt too (see s3-bucket-access-logging).
func newCloudTrailS3DataEventsCoverage() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudTrailS3DataEventsCoverage,
		Description: "CloudTrail should record S3 object data events for every bucket of the stack that holds data.",
		Rationale: "A trail records data events only for the buckets its selectors name. A bucket added to the " +
			"stack later is silently left out, so reads and deletions of its objects leave no audit record.",
		RemediationSteps: "Add \"arn:aws:s3:::<bucket name>/\" to the values of the trail's AWS::S3::Object data " +
			"resource, or an advanced event selector whose resources.ARN startsWith includes that value.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "cloudtrail", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.2.1"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes: []string{typeCloudTrailTrail, typeS3Bucket, typeS3BucketV2, typeS3BucketLoggingV2,
			typeCloudWatchLogDeliveryDestination},
		ValidateStack: validateCloudTrailS3DataEventsCoverage,
	}
}

func validateCloudTrailS3DataEventsCoverage(_ context.Context, check *pack.StackCheck) error {
	trails := check.OfType(typeCloudTrailTrail)
	if len(trails) == 0 {
		return nil
	}

	var selection trailSelection
	for _, trail := range trails {
		if !selectTrailBuckets(check, trail, &selection) {
			return nil
		}
	}
	if selection.everyBucket {
		return nil
	}

	for _, bucket := range check.OfType(typeS3Bucket, typeS3BucketV2) {
		if slices.Contains(selection.sources, bucket.URN) || slices.Contains(selection.trailBuckets, bucket.URN) {
			continue
		}
		name := bucket.Properties.Get("bucket")
		if !check.Known(bucket, "bucket", name) {
			continue
		}
		text, _ := stringValue(name)
		if slices.Contains(selection.names, text) || slices.Contains(selection.trailBuckets, text) ||
			isLogTargetBucket(check, bucket) {
			continue
		}
		check.Report(bucket, "no trail of the stack records %s data events of this bucket, expected a data resource "+
			"value %q.", s3ObjectDataType, "arn:aws:s3:::"+text+"/")
	}
	return nil
}

// selectTrailBuckets adds the buckets that trail selects and delivers to. It returns false when a
// selector or the trail's bucket is unknown, and records it.
func selectTrailBuckets(check *pack.StackCheck, trail pack.Resource, selection *trailSelection) bool {
	props := trail.Properties
	bucket := props.Get("s3BucketName")
	selectors := props.Get("eventSelectors")
	advanced := props.Get("advancedEventSelectors")
	selection.trailBuckets = append(selection.trailBuckets, trail.PropertyDependencies["s3BucketName"]...)
	selection.sources = append(selection.sources, trail.PropertyDependencies["eventSelectors"]...)
	selection.sources = append(selection.sources, trail.PropertyDependencies["advancedEventSelectors"]...)

	known := true
	if bucket.IsComputed() && len(trail.PropertyDependencies["s3BucketName"]) == 0 {
		check.Unknown(trail, "s3BucketName")
		known = false
	}
	for path, value := range map[string]property.Value{"eventSelectors": selectors, "advancedEventSelectors": advanced} {
		if value.HasComputed() && len(trail.PropertyDependencies[path]) == 0 {
			check.Unknown(trail, path)
			known = false
		}
	}
	if !known {
		return false
	}
	if name, ok := stringValue(bucket); ok {
		selection.trailBuckets = append(selection.trailBuckets, name)
	}

	elements, _ := arrayValue(selectors)
	for _, selector := range elements {
		resources, _ := arrayValue(valueAt(selector, "dataResources"))
		for _, resource := range resources {
			if kind, _ := stringValue(valueAt(resource, "type")); kind == s3ObjectDataType {
				selection.addARNs(stringsOf(valueAt(resource, "values")))
			}
		}
	}
	advancedElements, _ := arrayValue(advanced)
	for _, selector := range advancedElements {
		if !selectsS3Objects(selector) {
			continue
		}
		var arns []string
		limited := false
		fields, _ := arrayValue(valueAt(selector, "fieldSelectors"))
		for _, field := range fields {
			if name, _ := stringValue(valueAt(field, "field")); name == "resources.ARN" {
				limited = true
				arns = append(arns, stringsOf(valueAt(field, "startsWith"))...)
				arns = append(arns, stringsOf(valueAt(field, "equals"))...)
			}
		}
		if !limited {
			selection.everyBucket = true
		}
		selection.addARNs(arns)
	}
	return true
}

// addARNs adds the buckets of data resource values, such as "arn:aws:s3:::files/" or "arn:aws:s3".
func (s *trailSelection) addARNs(values []string) {
	for _, value := range values {
		if strings.HasPrefix(value, "arn:") && (strings.HasSuffix(value, ":s3") || strings.HasSuffix(value, ":s3:::")) {
			s.everyBucket = true
			continue
		}
		if name := bucketNameOfARN(value); name != "" {
			s.names = append(s.names, name)
		}
	}
}
