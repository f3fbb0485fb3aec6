package rules

import (
	"context"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyS3BucketVersioningEnabled is the name of the policy that recommends bucket versioning.
const PolicyS3BucketVersioningEnabled = "s3-bucket-versioning-enabled"

// newS3BucketVersioningEnabled returns the policy that checks the versioning status of a bucket.
// Versioning raises storage costs, so the policy is advisory in the baseline profile.
func newS3BucketVersioningEnabled() *pack.Policy {
	return &pack.Policy{
		Name:        PolicyS3BucketVersioningEnabled,
		Description: "S3 buckets should have versioning enabled so that overwritten and deleted objects can be recovered.",
		Rationale: "Versioning keeps overwritten and deleted objects recoverable, which protects user files " +
			"against mistakes and ransomware.",
		RemediationSteps: "Set versioningConfiguration.status to \"Enabled\" on the BucketVersioningV2, and add a " +
			"lifecycle rule that expires noncurrent versions to bound the cost.",
		EnforcementLevel: pack.EnforcementLevelAdvisory,
		Severity:         pack.SeverityMedium,
		Tags:             []string{"aws", "s3", "backup", tagHIPAA + "164.308(a)(7)(ii)(A)", tagPCI + "10.5.3"},
		Framework:        hipaaControl("164.308(a)(7)(ii)(A)", "Data backup plan"),
		Waivable:         true,
		Profiles:         mandatoryInHIPAAAndPCI(),
		ResourceTypes:    []string{typeS3BucketVersioningV2},
		ValidateResource: validateS3BucketVersioningEnabled,
	}
}

func validateS3BucketVersioningEnabled(_ context.Context, check *pack.ResourceCheck) error {
	status := propertyAt(check.Resource.Properties, "versioningConfiguration", "status")
	if !check.Known("versioningConfiguration.status", status) {
		return nil
	}

	if value, _ := stringValue(status); value != "Enabled" {
		check.Report("versioningConfiguration.status is %s, expected \"Enabled\".", describeValue(status))
	}
	return nil
}
