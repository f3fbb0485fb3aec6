package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestGuardDutyFindingPublishingFrequency(t *testing.T) {
	detector := func(frequency property.Value) property.Map {
		return propsOf(map[string]property.Value{"enable": property.New(true), "findingPublishingFrequency": frequency})
	}

	runPolicyCases(t, newGuardDutyFindingPublishingFrequency(), []policyCase{
		{name: "fifteen minutes", kind: caseCompliant, resourceType: typeGuardDutyDetector,
			props: detector(property.New("FIFTEEN_MINUTES"))},
		{name: "six hours", kind: caseViolation, resourceType: typeGuardDutyDetector, props: detector(property.New("SIX_HOURS")),
			want: []string{`findingPublishingFrequency is "SIX_HOURS", expected "FIFTEEN_MINUTES".`}},
		{name: "not set", kind: caseViolation, resourceType: typeGuardDutyDetector,
			props: propsOf(map[string]property.Value{"enable": property.New(true)}),
			want:  []string{`findingPublishingFrequency is not set, expected "FIFTEEN_MINUTES".`}},
		{name: "recorder", kind: caseOtherType, resourceType: typeConfigRecorder, props: detector(property.New("SIX_HOURS"))},
		{name: "unknown", kind: caseUnknown, resourceType: typeGuardDutyDetector, props: detector(unknownValue()),
			wantUnknown: []string{"findingPublishingFrequency"}},
	})
}
