package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestCloudTrailS3DataEventsCoverage(t *testing.T) {
	bucket := func(name string) pack.Resource {
		return stackResource(typeS3BucketV2, name, propsOf(map[string]property.Value{"bucket": property.New(name)}))
	}
	files, reports, audit, logs := bucket("files"), bucket("reports"), bucket("audit"), bucket("logs")
	logging := stackResource(typeS3BucketLoggingV2, "files-logging", propsOf(map[string]property.Value{
		"bucket": property.New("files"), "targetBucket": property.New("logs"),
	}))
	trail := func(values ...property.Value) pack.Resource {
		return stackResource(typeCloudTrailTrail, "trail", propsOf(map[string]property.Value{
			"s3BucketName": property.New("audit"),
			"eventSelectors": listValue(objectValue(map[string]property.Value{
				"dataResources": listValue(objectValue(map[string]property.Value{
					"type": property.New(s3ObjectDataType), "values": listValue(values...),
				})),
			})),
		}))
	}
	advancedTrail := stackResource(typeCloudTrailTrail, "trail", propsOf(map[string]property.Value{
		"s3BucketName": property.New("audit"),
		"advancedEventSelectors": listValue(objectValue(map[string]property.Value{
			"fieldSelectors": listValue(
				objectValue(map[string]property.Value{"field": property.New("eventCategory"), "equals": listValue(property.New("Data"))}),
				objectValue(map[string]property.Value{"field": property.New("resources.type"), "equals": listValue(property.New(s3ObjectDataType))}),
			),
		})),
	}))
	builtTrail := dependingOn(trail(unknownValue()), "eventSelectors", files)

	runStackCases(t, newCloudTrailS3DataEventsCoverage(), []stackCase{
		{name: "data bucket selected, trail and log buckets exempt", kind: caseCompliant,
			resources: []pack.Resource{files, audit, logs, logging, trail(property.New("arn:aws:s3:::files/"))}},
		{name: "every bucket", kind: caseCompliant, resources: []pack.Resource{files, reports, trail(property.New("arn:aws:s3"))}},
		{name: "advanced selector without arn", kind: caseCompliant, resources: []pack.Resource{files, reports, advancedTrail}},
		{name: "selector built from bucket", kind: caseCompliant, resources: []pack.Resource{files, audit, builtTrail}},
		{name: "bucket not selected", kind: caseViolation,
			resources: []pack.Resource{files, reports, audit, trail(property.New("arn:aws:s3:::files/"))},
			want:      []string{`reports: no trail of the stack records AWS::S3::Object data events of this bucket, expected a data resource value "arn:aws:s3:::reports/".`}},
		{name: "no trail", kind: caseOtherType, resources: []pack.Resource{files, reports}},
		{name: "unknown selectors", kind: caseUnknown, resources: []pack.Resource{files, trail(unknownValue())},
			wantUnknown: []string{"trail: eventSelectors"}},
	})
}
