package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestS3BucketAccessLogging(t *testing.T) {
	bucket := func(name string) pack.Resource {
		return stackResource(typeS3BucketV2, name, propsOf(map[string]property.Value{"bucket": property.New(name + "-1a2b")}))
	}
	files, logs, audit := bucket("files"), bucket("logs"), bucket("audit")
	logging := func(source, target pack.Resource) pack.Resource {
		return stackResource(typeS3BucketLoggingV2, source.Name+"-logging", propsOf(map[string]property.Value{
			"bucket": source.Properties.Get("bucket"), "targetBucket": target.Properties.Get("bucket"),
		}))
	}
	builtLogging := dependingOn(dependingOn(stackResource(typeS3BucketLoggingV2, "files-logging",
		propsOf(map[string]property.Value{"bucket": unknownValue(), "targetBucket": unknownValue()})),
		"bucket", files), "targetBucket", logs)
	delivery := stackResource(typeCloudWatchLogDeliveryDestination, "edge-logs", propsOf(map[string]property.Value{
		"deliveryDestinationConfiguration": objectValue(map[string]property.Value{
			"destinationResourceArn": property.New("arn:aws:s3:::logs-1a2b/cloudfront"),
		}),
	}))
	topic := stackResource(typeSNSTopic, "alerts", property.Map{})

	runStackCases(t, newS3BucketAccessLogging(), []stackCase{
		{name: "logged to log bucket", kind: caseCompliant, resources: []pack.Resource{files, logs, logging(files, logs)}},
		{name: "logging built from outputs", kind: caseCompliant, resources: []pack.Resource{files, logs, builtLogging}},
		{name: "delivery target exempt", kind: caseCompliant, resources: []pack.Resource{logs, delivery}},
		{name: "bucket without logging", kind: caseViolation, resources: []pack.Resource{files, logs, audit, logging(files, logs)},
			want: []string{"audit: no aws:s3/bucketLoggingV2:BucketLoggingV2 has bucket set to this bucket, and the " +
				"bucket receives no logs, expected server access logging to a log bucket."}},
		{name: "no bucket", kind: caseOtherType, resources: []pack.Resource{topic}},
		{name: "unknown logging bucket", kind: caseUnknown, resources: []pack.Resource{files, logs,
			stackResource(typeS3BucketLoggingV2, "pending", propsOf(map[string]property.Value{"bucket": unknownValue()}))},
			wantUnknown: []string{"pending: bucket"}},
	})
}

func TestBucketNameOfARN(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:s3:::logs/cloudfront":       "logs",
		"arn:aws-cn:s3:::logs":               "logs",
		"arn:aws:sqs:eu-west-1:1:queue":      "",
		"logs":                               "",
		"arn:aws:logs:us-east-1:1:log-group": "",
	} {
		if got := bucketNameOfARN(arn); got != want {
			t.Errorf("bucketNameOfARN(%q) = %q, expected %q", arn, got, want)
		}
	}
}
