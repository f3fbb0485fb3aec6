package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestCloudTrailS3DataEvents(t *testing.T) {
	trail := func(fields map[string]property.Value) property.Map {
		fields["isMultiRegionTrail"] = property.New(true)
		return propsOf(fields)
	}
	dataSelector := func(resourceType string) property.Value {
		return listValue(objectValue(map[string]property.Value{
			"readWriteType": property.New("All"), "includeManagementEvents": property.New(true),
			"dataResources": listValue(objectValue(map[string]property.Value{
				"type": property.New(resourceType), "values": listValue(property.New("arn:aws:s3:::uploads/")),
			})),
		}))
	}
	advancedSelector := func(resourceType string) property.Value {
		return listValue(objectValue(map[string]property.Value{
			"name": property.New("objects"),
			"fieldSelectors": listValue(
				objectValue(map[string]property.Value{"field": property.New("eventCategory"), "equals": listValue(property.New("Data"))}),
				objectValue(map[string]property.Value{"field": property.New("resources.type"), "equals": listValue(property.New(resourceType))}),
			),
		}))
	}
	message := "eventSelectors and advancedEventSelectors select no data events of type AWS::S3::Object, expected a " +
		"selector for the stack's buckets."

	runPolicyCases(t, newCloudTrailS3DataEvents(), []policyCase{
		{name: "event selector", kind: caseCompliant, resourceType: typeCloudTrailTrail,
			props: trail(map[string]property.Value{"eventSelectors": dataSelector("AWS::S3::Object")})},
		{name: "advanced selector", kind: caseCompliant, resourceType: typeCloudTrailTrail,
			props: trail(map[string]property.Value{"advancedEventSelectors": advancedSelector("AWS::S3::Object")})},
		{name: "management only", kind: caseViolation, resourceType: typeCloudTrailTrail,
			props: trail(map[string]property.Value{}), want: []string{message}},
		{name: "lambda data events", kind: caseViolation, resourceType: typeCloudTrailTrail,
			props: trail(map[string]property.Value{
				"eventSelectors":         dataSelector("AWS::Lambda::Function"),
				"advancedEventSelectors": advancedSelector("AWS::DynamoDB::Table"),
			}),
			want: []string{message}},
		{name: "bucket", kind: caseOtherType, resourceType: typeS3BucketV2, props: trail(map[string]property.Value{})},
		{name: "unknown", kind: caseUnknown, resourceType: typeCloudTrailTrail,
			props: trail(map[string]property.Value{"eventSelectors": unknownValue()}), wantUnknown: []string{"eventSelectors"}},
	})
}
