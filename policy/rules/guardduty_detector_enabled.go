package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyGuardDutyDetectorEnabled is the name of the policy that rejects suspended GuardDuty detectors.
const PolicyGuardDutyDetectorEnabled = "guardduty-detector-enabled"

// newGuardDutyDetectorEnabled returns the policy that guards GuardDuty detectors in the stack against
// being suspended. enable defaults to true, so only false is reported.
func newGuardDutyDetectorEnabled() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyGuardDutyDetectorEnabled,
		Description: "GuardDuty detectors must be enabled.",
		Rationale: "A detector with enable false is suspended: GuardDuty stops analysing CloudTrail, VPC flow and " +
			"DNS logs, so credential theft, crypto mining and calls from known bad addresses go unreported.",
		RemediationSteps: "Remove enable from the Detector or set it to true.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "guardduty", "threat-detection", tagHIPAA + "164.308(a)(1)(ii)(D)", tagPCI + "11.4"},
			withPrefix(tagCheckov, "CKV_AWS_238"),
		),
		Framework:        pciControl("11.4", "Use intrusion-detection or intrusion-prevention techniques"),
		Waivable:         true,
		ResourceTypes:    []string{typeGuardDutyDetector},
		ValidateResource: validateGuardDutyDetectorEnabled,
	}
}

func validateGuardDutyDetectorEnabled(_ context.Context, check *pack.ResourceCheck) error {
	enable := check.Resource.Properties.Get("enable")
	if !check.Known("enable", enable) {
		return nil
	}

	if isFalse(enable) {
		check.Report("enable is false, expected true.")
	}
	return nil
}
