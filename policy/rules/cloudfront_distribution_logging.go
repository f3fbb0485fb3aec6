package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudFrontDistributionLogging is the name of the stack policy that requires access logging on
// CloudFront distributions.
const PolicyCloudFrontDistributionLogging = "cloudfront-distribution-logging"

// Joins from a distribution to its CloudWatch Logs delivery source, and from the source to its
// deliveries.
var (
	logDeliverySourceJoin = siblingJoin{
		siblingTypes: []string{typeCloudWatchLogDeliverySource}, property: "resourceArn", targetKeys: []string{"arn"},
	}
	logDeliveryJoin = siblingJoin{
		siblingTypes: []string{typeCloudWatchLogDelivery}, property: "deliverySourceName", targetKeys: []string{"name"},
	}
)

// cloudFrontAccessLogType is the logType of a LogDeliverySource that delivers CloudFront access logs.
const cloudFrontAccessLogType = "ACCESS_LOGS"

// newCloudFrontDistributionLogging returns the stack policy that requires each distribution to log
// requests: either legacy standard logging (loggingConfig.bucket) or standard logging v2, a
// LogDeliverySource with logType ACCESS_LOGS for the distribution and a LogDelivery from that source.
func newCloudFrontDistributionLogging() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudFrontDistributionLogging,
		Description: "CloudFront distributions should deliver access logs.",
		Rationale: "CloudFront answers many requests from its cache, so the origin's logs never see them. Access " +
			"logs of the distribution are the only record of those requests, their client addresses and the " +
			"edge location that served them.",
		RemediationSteps: "Add a LogDeliverySource with the distribution's ARN in resourceArn and logType " +
			"\"ACCESS_LOGS\", a LogDeliveryDestination for a log bucket or log group, and a LogDelivery that joins " +
			"them, or set the distribution's loggingConfig.bucket.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags: []string{"aws", "cloudfront", "logging", tagHIPAA + "164.312(b)", tagPCI + "10.2.1",
			tagCheckov + "CKV_AWS_86", tagCDKNag + "CloudFrontDistributionAccessLogging"},
		Framework: hipaaControl("164.312(b)", "Audit controls"),
		Waivable:  true,
		ResourceTypes: []string{typeCloudFrontDistribution, typeCloudWatchLogDeliverySource,
			typeCloudWatchLogDelivery},
		ValidateStack: validateCloudFrontDistributionLogging,
	}
}

func validateCloudFrontDistributionLogging(_ context.Context, check *pack.StackCheck) error {
	var unlogged []pack.Resource
	for _, distribution := range check.OfType(typeCloudFrontDistribution) {
		const path = "loggingConfig.bucket"
		bucket := propertyAt(distribution.Properties, "loggingConfig", "bucket")
		if !check.Known(distribution, path, bucket) {
			continue
		}
		if !isSetString(bucket) {
			unlogged = append(unlogged, distribution)
		}
	}

	pending := append(unjoined(check, logDeliverySourceJoin), unjoined(check, logDeliveryJoin)...)
	if len(unlogged) > 0 && len(pending) > 0 {
		for _, resource := range pending {
			if resource.Type == typeCloudWatchLogDelivery {
				check.Unknown(resource, logDeliveryJoin.property)
			} else {
				check.Unknown(resource, logDeliverySourceJoin.property)
			}
		}
		return nil
	}

	for _, distribution := range unlogged {
		delivered, known := deliversAccessLogs(check, distribution)
		if known && !delivered {
			check.Report(distribution, "loggingConfig.bucket is not set and no %s with logType %q for this "+
				"distribution has a %s, expected access logs delivered by one of them.",
				typeCloudWatchLogDeliverySource, cloudFrontAccessLogType, typeCloudWatchLogDelivery)
		}
	}
	return nil
}

// deliversAccessLogs reports whether a LogDeliverySource of access logs for the distribution has a
// LogDelivery. known is false when a source's logType is unknown; the function then records it.
func deliversAccessLogs(check *pack.StackCheck, distribution pack.Resource) (delivered, known bool) {
	known = true
	for _, source := range siblingsOf(check, distribution, logDeliverySourceJoin) {
		logType := source.Properties.Get("logType")
		if !check.Known(source, "logType", logType) {
			known = false
			continue
		}
		if text, _ := stringValue(logType); text != cloudFrontAccessLogType {
			continue
		}
		if len(siblingsOf(check, source, logDeliveryJoin)) > 0 {
			return true, true
		}
	}
	return false, known
}
