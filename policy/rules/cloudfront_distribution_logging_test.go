package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestCloudFrontDistributionLogging(t *testing.T) {
	const distributionARN = "arn:aws:cloudfront::111122223333:distribution/E1ABCDEF"
	distribution := stackResource(typeCloudFrontDistribution, "edge", propsOf(map[string]property.Value{
		"arn": property.New(distributionARN),
	}))
	legacy := stackResource(typeCloudFrontDistribution, "edge", propsOf(map[string]property.Value{
		"arn":           property.New(distributionARN),
		"loggingConfig": objectValue(map[string]property.Value{"bucket": property.New("logs.s3.amazonaws.com")}),
	}))
	source := func(logType property.Value) pack.Resource {
		return stackResource(typeCloudWatchLogDeliverySource, "edge-source", propsOf(map[string]property.Value{
			"name": property.New("edge"), "logType": logType, "resourceArn": property.New(distributionARN),
		}))
	}
	delivery := stackResource(typeCloudWatchLogDelivery, "edge-delivery", propsOf(map[string]property.Value{
		"deliverySourceName":     property.New("edge"),
		"deliveryDestinationArn": property.New("arn:aws:logs:us-east-1:111122223333:delivery-destination:edge"),
	}))
	builtDelivery := dependingOn(stackResource(typeCloudWatchLogDelivery, "edge-delivery", propsOf(map[string]property.Value{
		"deliverySourceName": unknownValue(),
	})), "deliverySourceName", source(property.New("ACCESS_LOGS")))
	want := "edge: loggingConfig.bucket is not set and no aws:cloudwatch/logDeliverySource:LogDeliverySource with " +
		"logType \"ACCESS_LOGS\" for this distribution has a aws:cloudwatch/logDelivery:LogDelivery, expected access " +
		"logs delivered by one of them."

	runStackCases(t, newCloudFrontDistributionLogging(), []stackCase{
		{name: "log delivery", kind: caseCompliant, resources: []pack.Resource{distribution, source(property.New("ACCESS_LOGS")), delivery}},
		{name: "delivery built from source", kind: caseCompliant,
			resources: []pack.Resource{distribution, source(property.New("ACCESS_LOGS")), builtDelivery}},
		{name: "legacy logging", kind: caseCompliant, resources: []pack.Resource{legacy}},
		{name: "source without delivery", kind: caseViolation,
			resources: []pack.Resource{distribution, source(property.New("ACCESS_LOGS"))}, want: []string{want}},
		{name: "connection logs only", kind: caseViolation,
			resources: []pack.Resource{distribution, source(property.New("CONNECTION_LOGS")), delivery}, want: []string{want}},
		{name: "no distribution", kind: caseOtherType, resources: []pack.Resource{source(property.New("ACCESS_LOGS")), delivery}},
		{name: "unknown log type", kind: caseUnknown,
			resources: []pack.Resource{distribution, source(unknownValue()), delivery}, wantUnknown: []string{"edge-source: logType"}},
	})
}
