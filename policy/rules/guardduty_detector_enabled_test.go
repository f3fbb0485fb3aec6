package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func TestGuardDutyDetectorEnabled(t *testing.T) {
	detector := func(enable property.Value) property.Map {
		return propsOf(map[string]property.Value{
			"enable":                     enable,
			"findingPublishingFrequency": property.New("FIFTEEN_MINUTES"),
		})
	}

	runPolicyCases(t, newGuardDutyDetectorEnabled(), []policyCase{
		{
			name:         "enabled",
			kind:         caseCompliant,
			resourceType: typeGuardDutyDetector,
			props:        detector(property.New(true)),
		},
		{
			name:         "default",
			kind:         caseCompliant,
			resourceType: typeGuardDutyDetector,
			props:        detector(property.Value{}),
		},
		{
			name:         "suspended",
			kind:         caseViolation,
			resourceType: typeGuardDutyDetector,
			props:        detector(property.New(false)),
			want:         []string{`enable is false, expected true.`},
		},
		{
			name:         "malware protection plan",
			kind:         caseOtherType,
			resourceType: "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan",
			props:        detector(property.New(false)),
		},
		{
			name:         "unknown enable",
			kind:         caseUnknown,
			resourceType: typeGuardDutyDetector,
			props:        detector(unknownValue()),
			wantUnknown:  []string{"enable"},
		},
	})
}
