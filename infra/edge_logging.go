package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Settings of the distributions' access logs.
const (
	// AccessLogPrefix starts the keys of the CloudFront access logs in the log bucket.
	AccessLogPrefix = "cloudfront/"
	// accessLogSuffixPath partitions the logs by distribution and hour, with the variables that
	// CloudFront's standard logging (v2) offers for S3.
	accessLogSuffixPath = "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}"
	// accessLogFormat is one JSON object per request.
	accessLogFormat = "json"
	// logDeliveryPrincipal is the service that writes vended logs, CloudFront's included, to S3.
	logDeliveryPrincipal = "delivery.logs.amazonaws.com"
)

// accessLogDestination is the log bucket as a CloudWatch Logs delivery destination in us-east-1.
type accessLogDestination struct {
	destination *cloudwatch.LogDeliveryDestination
}

// newAccessLogDestination creates the delivery destination of the log bucket under AccessLogPrefix.
// CloudFront's standard logging (v2) needs its delivery resources in us-east-1, and it writes through
// the bucket policy, so the log bucket keeps ACLs disabled.
func newAccessLogDestination(ctx *pulumi.Context, name string, args EdgeArgs, global edgeGlobal,
	parent pulumi.ResourceOption,
) (accessLogDestination, error) {
	destination, err := cloudwatch.NewLogDeliveryDestination(ctx, name+"-access-logs", &cloudwatch.LogDeliveryDestinationArgs{
		Name:         pulumi.String(args.NamePrefix + "-edge-access-logs"),
		OutputFormat: global.checked(accessLogFormat),
		DeliveryDestinationConfiguration: &cloudwatch.LogDeliveryDestinationDeliveryDestinationConfigurationArgs{
			DestinationResourceArn: pulumi.Sprintf("%s/%s", args.LogBucketArn, AccessLogPrefix[:len(AccessLogPrefix)-1]),
		},
	}, parent, global.option())
	if err != nil {
		return accessLogDestination{}, fmt.Errorf("creating the access log destination of edge %q: %w", name, err)
	}
	return accessLogDestination{destination: destination}, nil
}

// deliver sends the distribution's access logs to the destination, through a delivery source named
// sourceName.
func (d accessLogDestination) deliver(ctx *pulumi.Context, name, sourceName string,
	distribution *cloudfront.Distribution, global edgeGlobal, parent pulumi.ResourceOption,
) error {
	source, err := cloudwatch.NewLogDeliverySource(ctx, name+"-access-log-source", &cloudwatch.LogDeliverySourceArgs{
		Name:        pulumi.String(sourceName),
		LogType:     global.checked("ACCESS_LOGS"),
		ResourceArn: distribution.Arn,
	}, parent, global.option())
	if err != nil {
		return fmt.Errorf("creating the access log source %s: %w", sourceName, err)
	}
	_, err = cloudwatch.NewLogDelivery(ctx, name+"-access-log-delivery", &cloudwatch.LogDeliveryArgs{
		DeliverySourceName:     source.Name,
		DeliveryDestinationArn: d.destination.Arn,
		S3DeliveryConfigurations: cloudwatch.LogDeliveryS3DeliveryConfigurationArray{
			cloudwatch.LogDeliveryS3DeliveryConfigurationArgs{
				SuffixPath:               pulumi.String(accessLogSuffixPath),
				EnableHiveCompatiblePath: pulumi.Bool(false),
			},
		},
	}, parent, global.option())
	if err != nil {
		return fmt.Errorf("creating the access log delivery %s: %w", sourceName, err)
	}
	return nil
}

// LogDeliveryBucketStatements returns the statements that the log bucket's policy needs so that
// CloudWatch Logs can deliver the edge's access logs under AccessLogPrefix. They allow a write and a bucket
// ACL check, both only for the edge's delivery sources in us-east-1 of the account, whose names start
// with "<namePrefix>-edge-".
func LogDeliveryBucketStatements(logBucketArn, partition, accountID, namePrefix string) []map[string]any {
	sources := fmt.Sprintf("arn:%s:logs:%s:%s:delivery-source:%s-edge-*", partition, EdgeRegion, accountID, namePrefix)
	return []map[string]any{
		{
			"Sid":       "AllowCloudFrontAccessLogDelivery",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": logDeliveryPrincipal},
			"Action":    "s3:PutObject",
			"Resource":  logBucketArn + "/" + AccessLogPrefix + "*",
			"Condition": map[string]any{
				"StringEquals": map[string]any{
					"aws:SourceAccount": accountID,
					"s3:x-amz-acl":      "bucket-owner-full-control",
				},
				"ArnLike": map[string]any{"aws:SourceArn": sources},
			},
		},
		{
			"Sid":       "AllowCloudFrontAccessLogAclCheck",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": logDeliveryPrincipal},
			"Action":    []string{"s3:GetBucketAcl", "s3:ListBucket"},
			"Resource":  logBucketArn,
			"Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": accountID},
				"ArnLike":      map[string]any{"aws:SourceArn": sources},
			},
		},
	}
}
