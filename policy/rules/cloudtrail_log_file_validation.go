package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyCloudTrailLogFileValidation is the name of the policy that requires log file integrity
// validation.
const PolicyCloudTrailLogFileValidation = "cloudtrail-log-file-validation"

// newCloudTrailLogFileValidation returns the policy that requires each trail to sign digests of its log
// files. enableLogFileValidation defaults to false, so a trail without it is reported.
func newCloudTrailLogFileValidation() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyCloudTrailLogFileValidation,
		Description: "CloudTrail trails must have log file integrity validation enabled.",
		Rationale: "With validation, CloudTrail delivers signed hourly digests, so a deleted or edited log file " +
			"can be proven. Without it, an intruder who reaches the bucket can erase their traces unnoticed.",
		RemediationSteps: "Set enableLogFileValidation to true on the trail, and check the digests with " +
			"`aws cloudtrail validate-logs` during investigations.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityHigh,
		Tags: slices.Concat(
			[]string{"aws", "cloudtrail", "audit-trail"},
			withPrefix(tagHIPAA, "164.312(c)(1)", "164.312(c)(2)"),
			withPrefix(tagPCI, "2.2", "10.5", "10.5.2", "10.5.5", "11.5"),
			withPrefix(tagCheckov, "CKV_AWS_36"),
			withPrefix(tagCDKNag, "CloudTrailLogFileValidationEnabled"),
		),
		Framework:        pciControl("10.5.5", "Use file-integrity monitoring or change-detection software on logs"),
		ResourceTypes:    []string{typeCloudTrailTrail},
		ValidateResource: validateCloudTrailLogFileValidation,
	}
}

func validateCloudTrailLogFileValidation(_ context.Context, check *pack.ResourceCheck) error {
	validation := check.Resource.Properties.Get("enableLogFileValidation")
	if !check.Known("enableLogFileValidation", validation) {
		return nil
	}

	if value, _ := boolValue(validation); !value {
		check.Report("enableLogFileValidation is %s, expected true.", describeValue(validation))
	}
	return nil
}
