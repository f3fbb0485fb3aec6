package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyGuardDutyFindingsExported is the name of the stack policy that requires GuardDuty findings to
// be exported to S3.
const PolicyGuardDutyFindingsExported = "guardduty-findings-exported"

// publishingDestinationJoin finds the publishing destinations of a detector. detectorId takes the
// detector's id.
var publishingDestinationJoin = siblingJoin{
	siblingTypes: []string{typeGuardDutyPublishingDestination}, property: "detectorId", idInARN: true,
}

// newGuardDutyFindingsExported returns the stack policy that requires each Detector to have a
// PublishingDestination whose detectorId is the detector. The destination's KMS key is required by
// the GuardDuty API, so the policy does not check it.
//
// NOTE: it is disabled because the account baseline (infra/baseline.go) creates no
// PublishingDestination yet.
func newGuardDutyFindingsExported() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyGuardDutyFindingsExported,
		Description: "GuardDuty detectors should export findings to an S3 bucket.",
		Rationale: "GuardDuty deletes findings 90 days after their last update. An investigation of an intrusion " +
			"found later, and an audit that asks for a year of security events, need the findings in storage " +
			"that the stack retains.",
		RemediationSteps: "Add a PublishingDestination with the detector's id in detectorId, an S3 bucket ARN in " +
			"destinationArn and a KMS key that GuardDuty may use in kmsKeyArn.",
		EnforcementLevel: pack.EnforcementLevelDisabled,
		Severity:         pack.SeverityLow,
		Tags:             []string{"aws", "guardduty", "monitoring", tagHIPAA + "164.312(b)", tagPCI + "10.7"},
		Framework:        hipaaControl("164.312(b)", "Audit controls"),
		Waivable:         true,
		ResourceTypes:    []string{typeGuardDutyDetector, typeGuardDutyPublishingDestination},
		ValidateStack:    validateGuardDutyFindingsExported,
	}
}

func validateGuardDutyFindingsExported(_ context.Context, check *pack.StackCheck) error {
	for _, detector := range missingSiblings(check, check.OfType(typeGuardDutyDetector), publishingDestinationJoin) {
		check.Report(detector, "no %s has detectorId set to this detector, expected findings exported to an S3 bucket.",
			typeGuardDutyPublishingDestination)
	}
	return nil
}
