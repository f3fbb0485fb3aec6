package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestGuardDutyFindingsExported(t *testing.T) {
	detector := stackResource(typeGuardDutyDetector, "baseline-guardduty", propsOf(map[string]property.Value{
		"enable": property.New(true),
		"arn":    property.New("arn:aws:guardduty:eu-west-1:111122223333:detector/12abc34d"),
	}))
	destination := func(detectorID property.Value) pack.Resource {
		return stackResource(typeGuardDutyPublishingDestination, "baseline-findings", propsOf(map[string]property.Value{
			"detectorId": detectorID, "destinationArn": property.New("arn:aws:s3:::findings"),
		}))
	}
	built := dependingOn(destination(unknownValue()), "detectorId", detector)

	runStackCases(t, newGuardDutyFindingsExported(), []stackCase{
		{name: "destination naming detector id", kind: caseCompliant, resources: []pack.Resource{detector, destination(property.New("12abc34d"))}},
		{name: "destination built from detector", kind: caseCompliant, resources: []pack.Resource{detector, built}},
		{name: "no destination", kind: caseViolation, resources: []pack.Resource{detector},
			want: []string{"baseline-guardduty: no aws:guardduty/publishingDestination:PublishingDestination has detectorId " +
				"set to this detector, expected findings exported to an S3 bucket."}},
		{name: "destination of another detector", kind: caseViolation, resources: []pack.Resource{detector, destination(property.New("99ffff99"))},
			want: []string{"baseline-guardduty: no aws:guardduty/publishingDestination:PublishingDestination has detectorId " +
				"set to this detector, expected findings exported to an S3 bucket."}},
		{name: "no detector", kind: caseOtherType, resources: []pack.Resource{destination(property.New("12abc34d"))}},
		{name: "unknown detector id", kind: caseUnknown, resources: []pack.Resource{detector, destination(unknownValue())},
			wantUnknown: []string{"baseline-findings: detectorId"}},
	})
}
