package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestGuardDutyProtectionFeatures(t *testing.T) {
	detector := stackResource(typeGuardDutyDetector, "baseline-guardduty", propsOf(map[string]property.Value{
		"enable": property.New(true),
		"arn":    property.New("arn:aws:guardduty:eu-west-1:111122223333:detector/12abc34d"),
	}))
	feature := func(name, status string, detectorID property.Value) pack.Resource {
		return stackResource(typeGuardDutyDetectorFeature, "baseline-guardduty-"+name, propsOf(map[string]property.Value{
			"detectorId": detectorID, "name": property.New(name), "status": property.New(status),
		}))
	}
	built := func(name, status string) pack.Resource {
		return dependingOn(feature(name, status, unknownValue()), "detectorId", detector)
	}
	topic := stackResource(typeSNSTopic, "alerts", property.Map{})

	runStackCases(t, newGuardDutyProtectionFeatures(), []stackCase{
		{name: "features built from detector", kind: caseCompliant,
			resources: []pack.Resource{detector, built("S3_DATA_EVENTS", "ENABLED"), built("LAMBDA_NETWORK_LOGS", "ENABLED")}},
		{name: "features naming detector id", kind: caseCompliant, resources: []pack.Resource{detector,
			feature("S3_DATA_EVENTS", "ENABLED", property.New("12abc34d")),
			feature("LAMBDA_NETWORK_LOGS", "ENABLED", property.New("12abc34d"))}},
		{name: "lambda feature disabled", kind: caseViolation,
			resources: []pack.Resource{detector, built("S3_DATA_EVENTS", "ENABLED"), built("LAMBDA_NETWORK_LOGS", "DISABLED")},
			want: []string{"baseline-guardduty: no enabled aws:guardduty/detectorFeature:DetectorFeature of this detector " +
				"is named LAMBDA_NETWORK_LOGS, expected each of S3_DATA_EVENTS, LAMBDA_NETWORK_LOGS enabled."}},
		{name: "no features", kind: caseViolation, resources: []pack.Resource{detector, topic},
			want: []string{"baseline-guardduty: no enabled aws:guardduty/detectorFeature:DetectorFeature of this detector " +
				"is named S3_DATA_EVENTS or LAMBDA_NETWORK_LOGS, expected each of S3_DATA_EVENTS, LAMBDA_NETWORK_LOGS enabled."}},
		{name: "no detector", kind: caseOtherType, resources: []pack.Resource{topic}},
		{name: "unknown detector id", kind: caseUnknown,
			resources:   []pack.Resource{detector, feature("S3_DATA_EVENTS", "ENABLED", unknownValue())},
			wantUnknown: []string{"baseline-guardduty-S3_DATA_EVENTS: detectorId"}},
	})
}
