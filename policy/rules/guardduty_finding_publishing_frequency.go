package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyGuardDutyFindingPublishingFrequency is the name of the policy that requires GuardDuty to send
// finding updates every 15 minutes.
const PolicyGuardDutyFindingPublishingFrequency = "guardduty-finding-publishing-frequency"

// guardDutyFastestFrequency is the shortest findingPublishingFrequency GuardDuty offers. Without the
// property, GuardDuty uses SIX_HOURS.
const guardDutyFastestFrequency = "FIFTEEN_MINUTES"

// newGuardDutyFindingPublishingFrequency returns the policy that checks findingPublishingFrequency on a
// detector. The frequency applies to updates of findings that GuardDuty has already reported, because
// GuardDuty sends a new finding to EventBridge within about five minutes whatever the setting.
func newGuardDutyFindingPublishingFrequency() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyGuardDutyFindingPublishingFrequency,
		Description: "GuardDuty detectors should publish finding updates every 15 minutes.",
		Rationale: "With the default of six hours, repeated activity of an ongoing attack, such as further " +
			"calls with stolen credentials, reaches EventBridge, the alarms and the SIEM up to six hours late.",
		RemediationSteps: "Set findingPublishingFrequency on the detector to \"FIFTEEN_MINUTES\".",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "guardduty", "monitoring", tagHIPAA + "164.308(a)(1)(ii)(D)"},
		Framework:        hipaaControl("164.308(a)(1)(ii)(D)", "Information system activity review"),
		Waivable:         true,
		ResourceTypes:    []string{typeGuardDutyDetector},
		ValidateResource: validateGuardDutyFindingPublishingFrequency,
	}
}

func validateGuardDutyFindingPublishingFrequency(_ context.Context, check *pack.ResourceCheck) error {
	const path = "findingPublishingFrequency"
	frequency := check.Resource.Properties.Get(path)
	if !check.Known(path, frequency) {
		return nil
	}
	if value, _ := stringValue(frequency); value != guardDutyFastestFrequency {
		check.Report("%s is %s, expected %q.", path, describeValue(frequency), guardDutyFastestFrequency)
	}
	return nil
}
